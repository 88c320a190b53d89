import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ContentMerge, MergeConflict } from "../contract/index.js";
import { normalisedHash } from "./describe-item.js";
import { mergeItem } from "./merge-item.js";
import {
  applyEdits,
  contact,
  edits,
  type EditScope,
  event,
  everything,
  facts,
  problemsOf,
  write,
} from "./testing/edited-items.js";
import { utf8 } from "./testing/fixtures.js";

/** A base item and what each side made of it. */
interface Edited {
  readonly base: string;
  readonly a: string;
  readonly b: string;
}

const edited = (scopes: { a: EditScope; b: EditScope }): fc.Arbitrary<Edited> =>
  fc.tuple(fc.oneof(contact, event), edits(scopes.a), edits(scopes.b)).map(([base, editsA, editsB]) => ({
    base: write(base),
    a: write(applyEdits(base, editsA)),
    b: write(applyEdits(base, editsB)),
  }));

const merge = (base: string, a: string, b: string): ContentMerge => mergeItem(utf8(base), utf8(a), utf8(b));
const text = (content: Uint8Array): string => new TextDecoder().decode(content);
const everyFact = (content: Uint8Array): string[] => [...facts(text(content), { bookkeeping: true })].sort();

/** The conflicts as a set, each named the same whichever side is a. */
const conflictSet = (conflicts: readonly MergeConflict[], swapped: boolean): string[] =>
  conflicts
    .map((c) => JSON.stringify([c.component, c.property, c.base, ...(swapped ? [c.b, c.a] : [c.a, c.b])]))
    .sort();

/** The edits of each side touch other properties than the other side's. */
const disjoint = {
  a: {
    single: ["FN", "NOTE", "SUMMARY"],
    multi: ["TEL;TYPE=CELL", "ATTENDEE;PARTSTAT=ACCEPTED"],
    alarms: true,
    overrides: false,
  },
  b: {
    single: ["ORG", "X-CUSTOM", "LOCATION", "DESCRIPTION"],
    multi: ["TEL;TYPE=HOME", "EMAIL;TYPE=INTERNET", "CATEGORIES"],
    alarms: false,
    overrides: true,
  },
} satisfies Record<string, EditScope>;

const anything = { a: everything, b: everything };

// An unshrunk counterexample is readable enough, and shrinking these takes long.
const runs = { numRuns: 300, endOnFailure: true };

describe("mergeItem, property-based", () => {
  it("is symmetric: merge(base, a, b) says what merge(base, b, a) says", () => {
    fc.assert(
      fc.property(edited(anything), ({ base, a, b }) => {
        const ab = merge(base, a, b);
        const ba = merge(base, b, a);
        expect(ba.kind).toBe(ab.kind);
        // Each keeps its own a's order, so they agree as sets of facts.
        if (ab.kind === "merged" && ba.kind === "merged") {
          expect(everyFact(ba.content)).toEqual(everyFact(ab.content));
        }
        if (ab.kind === "conflicting" && ba.kind === "conflicting") {
          expect(conflictSet(ba.conflicts, true)).toEqual(conflictSet(ab.conflicts, false));
        }
      }),
      runs,
    );
  });

  it("returns the other side, byte for byte, when one side is unchanged", () => {
    fc.assert(
      fc.property(edited(anything), ({ base, a }) => {
        // An edit that changed nothing but bookkeeping leaves both sides unchanged.
        fc.pre(normalisedHash(utf8(a)) !== normalisedHash(utf8(base)));
        expect(merge(base, base, a)).toEqual({ kind: "merged", content: utf8(a) });
        expect(merge(base, a, base)).toEqual({ kind: "merged", content: utf8(a) });
      }),
      runs,
    );
  });

  it("keeps every change of either side when they touch different properties, and invents nothing", () => {
    fc.assert(
      fc.property(edited(disjoint), ({ base, a, b }) => {
        const result = merge(base, a, b);
        if (result.kind !== "merged") throw new Error(`not merged: ${JSON.stringify(result)}`);
        const [before, inA, inB, merged] = [base, a, b, text(result.content)].map((version) =>
          facts(version),
        ) as [Set<string>, Set<string>, Set<string>, Set<string>];
        for (const side of [inA, inB]) {
          for (const fact of side) if (!before.has(fact)) expect(merged).toContain(fact);
          for (const fact of before) if (!side.has(fact)) expect(merged).not.toContain(fact);
        }
        for (const fact of merged) expect(inA.has(fact) || inB.has(fact)).toBe(true);
      }),
      runs,
    );
  });

  it("gives a valid item whenever it merges valid ones", () => {
    fc.assert(
      fc.property(edited(anything), ({ base, a, b }) => {
        for (const version of [base, a, b]) expect(problemsOf(version)).toEqual([]);
        const result = merge(base, a, b);
        expect(result.kind).not.toBe("unmergeable");
        if (result.kind === "merged") expect(problemsOf(text(result.content))).toEqual([]);
      }),
      runs,
    );
  });
});
