/**
 * Random two-sided histories (create, edit, delete on both sides, repeated syncs) checked
 * against a small reference model of what a sync must do to each UID:
 * - changed on one side only → both sides end with that side's version (a deletion included);
 * - changed on both sides → equal: nothing to do; a deletion against an edit: the edit wins;
 *   two different edits: a conflict, both left as they are (or the policy's winner on both);
 * - a second sync straight after writes nothing.
 * Which means: convergence, no lost edit, no resurrected deletion, conflicts only where both
 * sides really changed.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "./testing/harness.js";
import { calendarModel } from "../models/pim.js";
import type { ConflictPolicy, SettlePolicy } from "./plan.js";
import type { Side } from "./types.js";

type Op =
  | { kind: "put"; side: Side; uid: string; summary: string }
  | { kind: "remove"; side: Side; uid: string }
  | { kind: "sync" };

const uid = fc.constantFrom("u1", "u2", "u3", "u4");
const side = fc.constantFrom<Side>("a", "b");
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("put" as const),
      side,
      uid,
      summary: fc.constantFrom("x", "y", "z"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), side, uid }) },
  { weight: 2, arbitrary: fc.constant({ kind: "sync" as const }) },
);

type Content = string | undefined; // a summary, or absent
type Winner = Side | undefined;

/** What one sync must leave on each side for one UID, given the last agreed content. */
function expected(
  base: Content,
  a: Content,
  b: Content,
  winner: Winner,
): { a: Content; b: Content; conflict: boolean } {
  if (a === b) return { a, b, conflict: false };
  if (a === base) return { a: b, b, conflict: false };
  if (b === base) return { a, b: a, conflict: false };
  if (a === undefined) return { a: b, b, conflict: false };
  if (b === undefined) return { a, b: a, conflict: false };
  if (winner) {
    const kept = winner === "a" ? a : b;
    return { a: kept, b: kept, conflict: false };
  }
  return { a, b, conflict: true };
}

let harness: Harness | undefined;
afterEach(() => {
  harness?.dispose();
  harness = undefined;
});

/**
 * With `merging`, the pair merges (`conflict_resolution = "merge"`, the winner as its fallback) items
 * of the real calendar model: every edit changes the one property the items have, so each merge
 * clashes and the outcome must be the fallback's, through the whole merge path.
 */
async function checkHistory(ops: Op[], winner: Winner, merging = false): Promise<void> {
  harness?.dispose();
  const h = merging
    ? new Harness({ a: { model: calendarModel }, b: { model: calendarModel } })
    : new Harness();
  harness = h;
  const settle: SettlePolicy = winner ? { kind: "keep", side: winner } : { kind: "leave" };
  const conflict: ConflictPolicy = merging ? { kind: "merge", fallback: settle } : settle;
  const base = new Map<string, Content>();
  for (const step of [...ops, { kind: "sync" } as Op]) {
    if (step.kind === "put") h.put(step.side, step.uid, step.summary);
    else if (step.kind === "remove") h.remove(step.side, step.uid);
    else {
      const beforeA = h.summaries("a");
      const beforeB = h.summaries("b");
      const report = await h.sync({ conflict });
      const afterA = h.summaries("a");
      const afterB = h.summaries("b");
      const conflicts = new Set(report.collections.flatMap((c) => c.conflicts.map((x) => x.ident)));
      expect(report.collections.flatMap((c) => c.failures)).toEqual([]);
      for (const id of new Set([...beforeA.keys(), ...beforeB.keys(), ...base.keys()])) {
        const want = expected(base.get(id), beforeA.get(id), beforeB.get(id), winner);
        expect({ id, a: afterA.get(id), b: afterB.get(id), conflict: conflicts.has(id) }).toEqual({
          id,
          ...want,
        });
        if (!want.conflict) base.set(id, want.a);
      }
      // Nothing left to do: a sync right after writes nothing. A merge tried again on a conflict
      // left standing writes nothing either, when its fallback is to leave the conflict.
      const again = await h.sync({ conflict });
      const writes = again.collections.flatMap((c) =>
        c.planned.filter(
          (action) =>
            action.kind !== "conflict" &&
            action.kind !== "record" &&
            !(action.kind === "merge" && action.fallback.kind === "conflict"),
        ),
      );
      expect(writes).toEqual([]);
    }
  }
}

describe("sync over random histories", () => {
  it("converges without losing edits when conflicts are reported", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), (ops) => checkHistory(ops, undefined)),
      {
        numRuns: 150,
      },
    );
  });

  it.each([undefined, "a"] as const)(
    "converges the same when each conflict is first merged, falling back to %s",
    async (winner) => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 30 }), (ops) => checkHistory(ops, winner, true)),
        { numRuns: 50 },
      );
    },
  );

  it.each(["a", "b"] as const)("converges when conflicts keep %s", async (winner) => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), (ops) => checkHistory(ops, winner)),
      {
        numRuns: 75,
      },
    );
  });
});
