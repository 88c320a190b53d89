/**
 * Random two-sided histories of file trees (create, edit, delete, rename a file or a folder,
 * chmod, touch on either side, syncs under every conflict policy) run through the engine on two
 * in-memory trees with the file model, and checked after every sync against a reference model of
 * what the sync must do to each path, given what the last sync agreed on:
 * - changed on one side only (content) → both sides end with that side's file, mode and mtime
 *   included; a deletion of a file the other side did not change reaches both;
 * - same content on both sides → mode and mtime merged three ways (changed on one side: carried;
 *   on both: the later mtime, a's mode);
 * - different contents changed on both sides → a conflict: left as it is and reported ("leave"),
 *   or the policy's winner on both sides ("keep", "newer"), or the newer at the path and the
 *   other beside it as `NAME.conflict-SIDE-STAMP.EXT` on both sides ("keep both");
 * and, stated on their own: convergence, no lost edit, no resurrected deletion, conflicts exactly
 * where both sides changed, conflicts left untouched, renames carried as moves, and a sync right
 * after a sync writes nothing.
 */
import { posix } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ConflictPolicy } from "./plan.js";
import type { PairReport } from "./report.js";
import { type TreeFile, TreeHarness } from "./testing/tree-harness.js";
import { type Action, otherSide, type Side } from "./types.js";

// ---------------------------------------------------------------------------------------------
// Histories

type Step =
  | { op: "write"; side: Side; path: string; content: string; mode: string }
  | { op: "delete"; side: Side; path: string }
  | { op: "rename"; side: Side; path: string; to: string }
  | { op: "renameFolder"; side: Side; from: string; to: string }
  | { op: "chmod"; side: Side; path: string; mode: string }
  | { op: "touch"; side: Side; path: string }
  | { op: "sync"; conflict: ConflictPolicy };

/** d3 starts empty, so that folders can be renamed into it. */
const folders = ["d1", "d2", "d3"];
const paths = ["", ...folders].flatMap((folder) =>
  ["f1.txt", "f2"].map((name) => (folder === "" ? name : `${folder}/${name}`)),
);
const conflictPolicies: readonly ConflictPolicy[] = [
  { kind: "leave" },
  { kind: "keep", side: "a" },
  { kind: "keep", side: "b" },
  { kind: "newer" },
  { kind: "keepBoth" },
];

const side = fc.constantFrom<Side>("a", "b");
/** Half the changes go to two paths, so that both sides often change the same file. */
const path = fc.oneof(fc.constantFrom("f1.txt", "d1/f1.txt"), fc.constantFrom(...paths));
const folder = fc.constantFrom(...folders);
const mode = fc.constantFrom("644", "755", "600");
/** Mostly contents of their own, sometimes one of a few shared ones (equal edits, look-alike moves). */
const content = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("x", "y") },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n) => `c${n}`) },
);
const conflictPolicy = fc.constantFrom(...conflictPolicies);
const write = fc.record({ op: fc.constant("write" as const), side, path, content, mode });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: write },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), side, path }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("rename" as const), side, path, to: path }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("renameFolder" as const), side, from: folder, to: folder }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("chmod" as const), side, path, mode }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("touch" as const), side, path }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("sync" as const), conflict: conflictPolicy }) },
);
/** A tree outside d3 written on either side and synchronised, then anything. */
const history: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.uniqueArray(
      write.filter((w) => !w.path.startsWith("d3/")),
      { selector: (w) => `${w.side}:${w.path}`, maxLength: 8 },
    ),
    conflictPolicy,
    fc.array(step, { maxLength: 30 }),
  )
  .map(([initial, first, rest]) => [...initial, { op: "sync", conflict: first }, ...rest]);

function apply(h: TreeHarness, s: Exclude<Step, { op: "sync" }>): void {
  switch (s.op) {
    case "write":
      return h.write(s.side, s.path, s.content, s.mode);
    case "delete":
      h.remove(s.side, s.path);
      return;
    case "rename":
      h.rename(s.side, s.path, s.to);
      return;
    case "renameFolder":
      h.renameFolder(s.side, s.from, s.to);
      return;
    case "chmod":
      h.chmod(s.side, s.path, s.mode);
      return;
    case "touch":
      h.touch(s.side, s.path);
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// The reference model

/** A file as the model sees it: what a sync must carry. */
interface Entry {
  readonly content: string;
  readonly mode: string;
  readonly mtime: string;
}
type Tree = ReadonlyMap<string, Entry>;

const entries = (files: ReadonlyMap<string, TreeFile>): Map<string, Entry> =>
  new Map([...files].map(([p, { content, mode, mtime }]) => [p, { content, mode, mtime }]));

/** A tree as a plain object sorted by path, for readable comparisons. */
const plain = (tree: Tree): Record<string, Entry> =>
  Object.fromEntries([...tree].sort(([x], [y]) => (x < y ? -1 : 1)));

const newer = (a: Entry, b: Entry): Side => (BigInt(b.mtime) > BigInt(a.mtime) ? "b" : "a");

/** The winner a settling policy names; undefined for "leave". */
function winnerOf(policy: ConflictPolicy, a: Entry, b: Entry): Side | undefined {
  if (policy.kind === "leave") return undefined;
  return policy.kind === "keep" ? policy.side : newer(a, b);
}

/** Same content on both sides: each attribute changed on one side is carried; on both, merged. */
function mergeAttributes(was: Entry | undefined, a: Entry, b: Entry): Entry {
  const pick = (name: "mode" | "mtime"): string => {
    const [valueA, valueB] = [a[name], b[name]];
    if (valueA === valueB) return valueA;
    const changedA = valueA !== was?.[name];
    const changedB = valueB !== was?.[name];
    if (changedA && !changedB) return valueA;
    if (changedB && !changedA) return valueB;
    if (!changedA) throw new Error("model: sides disagree with neither changed");
    return name === "mtime" && BigInt(valueB) > BigInt(valueA) ? valueB : valueA;
  };
  return { content: a.content, mode: pick("mode"), mtime: pick("mtime") };
}

interface Outcome {
  readonly a: Map<string, Entry>;
  readonly b: Map<string, Entry>;
  /** What this sync agrees on: the next sync's base. */
  readonly base: Map<string, Entry>;
  /** Paths changed differently on both sides. */
  readonly conflicts: Set<string>;
}

/** What one sync must leave on each side, path by path. */
function expectedSync(
  base: Tree,
  now: Readonly<Record<Side, Tree>>,
  policy: ConflictPolicy,
  copyName: (path: string, loser: Side) => string,
): Outcome {
  const out: Outcome = { a: new Map(), b: new Map(), base: new Map(), conflicts: new Set() };
  const both = (at: string, entry: Entry): void => {
    out.a.set(at, entry);
    out.b.set(at, entry);
    out.base.set(at, entry);
  };
  for (const at of new Set([...base.keys(), ...now.a.keys(), ...now.b.keys()])) {
    const was = base.get(at);
    const a = now.a.get(at);
    const b = now.b.get(at);
    const changed = (entry: Entry | undefined) => entry !== undefined && entry.content !== was?.content;
    if (a && b) {
      if (a.content === b.content) both(at, mergeAttributes(was, a, b));
      else if (!changed(a)) both(at, b);
      else if (!changed(b)) both(at, a);
      else {
        out.conflicts.add(at);
        const winner = winnerOf(policy, a, b);
        if (winner === undefined) {
          out.a.set(at, a);
          out.b.set(at, b);
          if (was) out.base.set(at, was);
        } else {
          both(at, winner === "a" ? a : b);
          if (policy.kind === "keepBoth") both(copyName(at, otherSide(winner)), winner === "a" ? b : a);
        }
      }
    } else if (a || b) {
      // Changed (or new) on the side that has it: carried; unchanged: deleted on the other side.
      if (changed(a ?? b)) both(at, (a ?? b) as Entry);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Running a history

/** Conflict copies are stamped to the second: each sync of a history runs a second after the last. */
const epoch = Date.UTC(2025, 0, 1, 12, 0, 0);
const stampOf = (at: Date): string => {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${at.getUTCFullYear()}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}-` +
    `${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}`
  );
};
/** `NAME.conflict-STORAGE-YYYYMMDD-HHMMSS.EXT`; the storages are named after their sides. */
const conflictCopy = (at: string, loser: Side, when: Date): string => {
  const extension = posix.extname(at);
  return `${at.slice(0, at.length - extension.length)}.conflict-${loser}-${stampOf(when)}${extension}`;
};

/** How often the focused checks had something to check, so a generator that misses them shows. */
const coverage = { conflicts: 0, keptBoth: 0, moves: 0, editsOverDeletions: 0, resurrections: 0 };

let harness: TreeHarness | undefined;
afterEach(() => {
  harness?.dispose();
  harness = undefined;
});
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterAll(() => {
  vi.useRealTimers();
});

/** The actions about items, leaving out any about the collection itself. */
const itemActions = <T extends { readonly kind: string }>(actions: readonly T[]): Action[] =>
  actions.filter((action): action is T & Action => "ident" in action);

function only(report: PairReport) {
  expect(report.collections).toHaveLength(1);
  const collection = report.collections[0];
  if (!collection) throw new Error("no collection synchronised");
  expect({
    error: collection.error,
    failures: collection.failures.map((f) => `${f.action.kind}: ${f.error.message}`),
    unreadable: collection.unreadable,
    duplicates: collection.duplicates,
    emptied: collection.emptied,
    tooManyDeletes: collection.tooManyDeletes,
  }).toEqual({
    error: undefined,
    failures: [],
    unreadable: [],
    duplicates: [],
    emptied: undefined,
    tooManyDeletes: undefined,
  });
  return collection;
}

async function checkHistory(steps: readonly Step[], final: ConflictPolicy): Promise<void> {
  harness?.dispose();
  const h = new TreeHarness();
  harness = h;
  let base: Tree = new Map();
  let clock = epoch;
  for (const s of [...steps, { op: "sync", conflict: final } as const]) {
    if (s.op !== "sync") {
      apply(h, s);
      continue;
    }
    clock += 1000;
    vi.setSystemTime(clock);
    const when = new Date(clock);
    const before = { a: h.files("a"), b: h.files("b") };
    const now = { a: entries(before.a), b: entries(before.b) };
    const want = expectedSync(base, now, s.conflict, (at, loser) => conflictCopy(at, loser, when));
    const report = only(await h.sync({ conflict: s.conflict }));
    const after = { a: entries(h.files("a")), b: entries(h.files("b")) };
    const changed = (at: string, entry: Entry | undefined) =>
      entry !== undefined && entry.content !== base.get(at)?.content;

    // Conflicts exactly where both sides changed a path to different contents.
    const conflicting = new Set(
      [...now.a]
        .filter(([at, a]) => {
          const b = now.b.get(at);
          return changed(at, a) && changed(at, b) && b?.content !== a.content;
        })
        .map(([at]) => at),
    );
    coverage.conflicts += conflicting.size;
    const settled = itemActions(report.applied).filter(
      (action) =>
        action.kind === "keepBoth" || (action.kind === "update" && action.why.startsWith("conflict")),
    );
    const key = h.status.collections()[0]?.key ?? -1;
    const pending = new Set(h.status.conflicts(key).map((c) => c.ident));
    if (s.conflict.kind === "leave") {
      expect(new Set(report.conflicts.map((c) => c.ident)), "reported conflicts").toEqual(conflicting);
      expect(pending, "conflicts left for concord resolve").toEqual(conflicting);
      expect(settled, "nothing settled under leave").toEqual([]);
      // Neither side's file is touched: same content, attributes and version.
      const fileAt = (sideFiles: ReadonlyMap<string, TreeFile>) =>
        new Map([...conflicting].map((at) => [at, sideFiles.get(at)]));
      expect(fileAt(h.files("a")), "conflicts untouched in a").toEqual(fileAt(before.a));
      expect(fileAt(h.files("b")), "conflicts untouched in b").toEqual(fileAt(before.b));
    } else {
      expect(report.conflicts, "no conflict left").toEqual([]);
      expect(pending, "no conflict left for concord resolve").toEqual(new Set());
      expect(new Set(settled.map((action) => action.ident)), "conflicts settled").toEqual(conflicting);
      if (s.conflict.kind === "keepBoth") coverage.keptBoth += settled.length;
    }

    // No lost edit: a content changed on one side since the last sync is on both sides, at its path
    // or (keep both) at its conflict copy, unless it lost an explicit decision or is left in conflict.
    for (const mine of ["a", "b"] as const) {
      const theirs = otherSide(mine);
      for (const [at, entry] of now[mine]) {
        if (!changed(at, entry)) continue;
        const other = now[theirs].get(at);
        if (other === undefined && base.has(at)) coverage.editsOverDeletions++;
        const holds = (where: string) =>
          after.a.get(where)?.content === entry.content && after.b.get(where)?.content === entry.content;
        if (holds(at)) continue;
        const inConflict = conflicting.has(at) && other !== undefined;
        const lost = `${mine}'s ${JSON.stringify(entry.content)} at ${at}`;
        expect(inConflict, `${lost} is lost without a conflict`).toBe(true);
        if (s.conflict.kind === "leave") {
          expect(after[mine].get(at), `${lost}: left in conflict`).toEqual(entry);
        } else if (s.conflict.kind === "keepBoth") {
          expect(holds(conflictCopy(at, mine, when)), `${lost}: kept as a conflict copy`).toBe(true);
        } else {
          const [a, b] = mine === "a" ? [entry, other as Entry] : [other as Entry, entry];
          expect(winnerOf(s.conflict, a, b), `${lost}: lost the decision`).toBe(theirs);
        }
      }
    }

    // No resurrected deletion: deleted on one side, unchanged on the other → gone from both.
    for (const [at, was] of base) {
      for (const gone of ["a", "b"] as const) {
        const kept = now[otherSide(gone)].get(at);
        if (now[gone].has(at) || kept?.content !== was.content) continue;
        coverage.resurrections++;
        expect([after.a.has(at), after.b.has(at)], `${at} deleted in ${gone} comes back`).toEqual([
          false,
          false,
        ]);
      }
    }

    // Renames: a file that left one path for another on one side, nothing else touching either
    // path and no other file with its content coming or going, is carried as a move.
    for (const mine of ["a", "b"] as const) {
      const theirs = otherSide(mine);
      const comings = (content: string) =>
        (["a", "b"] as const).flatMap((where) =>
          [...now[where]]
            .filter(([at, entry]) => entry.content === content && changed(at, entry))
            .map(([at]) => `${where}:${at}`),
        );
      const goings = (content: string) =>
        [...base]
          .filter(([at, was]) => was.content === content && !(now.a.has(at) && now.b.has(at)))
          .map(([at]) => at);
      for (const [to, entry] of now[mine]) {
        if (base.has(to) || now[theirs].has(to)) continue;
        const from = goings(entry.content);
        if (comings(entry.content).length !== 1 || from.length !== 1) continue;
        const was = from[0] as string;
        if (now[mine].has(was) || now[theirs].get(was)?.content !== entry.content) continue;
        coverage.moves++;
        const touching = itemActions(report.applied)
          .filter((action) => action.ident === to || action.ident === was)
          .map((action) => ({
            kind: action.kind,
            ident: action.ident,
            previous: action.kind === "move" ? action.previous : undefined,
            side: action.kind === "move" ? action.side : undefined,
          }));
        expect(touching, `${was} renamed to ${to} in ${mine}`).toEqual([
          { kind: "move", ident: to, previous: was, side: theirs },
        ]);
      }
    }

    // Exactly what the model says, on both sides.
    expect(plain(after.a), "a after the sync").toEqual(plain(want.a));
    expect(plain(after.b), "b after the sync").toEqual(plain(want.b));
    // Convergence: both sides hold the same files, but for conflicts left as they are.
    const outside = (tree: Tree) => plain(new Map([...tree].filter(([at]) => !want.conflicts.has(at))));
    expect(outside(after.a), "converged").toEqual(outside(after.b));
    base = want.base;

    // A sync right after writes nothing, changes nothing, and reports the same conflicts; the status
    // remembers every version, so it reads nothing but the conflicts it reports again.
    const again = only(await h.sync({ conflict: s.conflict }));
    const left = report.conflicts.length;
    expect(again.fetched, "a second sync reads only conflicts").toEqual({ a: left, b: left });
    const planned = again.planned.filter((action) => action.kind !== "conflict");
    expect(planned, "a second sync plans nothing").toEqual([]);
    expect(again.conflicts.map((c) => c.ident).sort()).toEqual(report.conflicts.map((c) => c.ident).sort());
    expect(plain(entries(h.files("a")))).toEqual(plain(after.a));
    expect(plain(entries(h.files("b")))).toEqual(plain(after.b));
  }
  // Convergence: the last sync settled every conflict, unless it left them.
  if (final.kind !== "leave") expect(plain(entries(h.files("a")))).toEqual(plain(entries(h.files("b"))));
}

describe("file trees over random histories", () => {
  it.each(conflictPolicies.map((policy) => [JSON.stringify(policy), policy] as const))(
    "every sync does what the model says; the last one settles with %s",
    async (_name, final) => {
      await fc.assert(
        fc.asyncProperty(history, (steps) => checkHistory(steps, final)),
        { numRuns: 35 },
      );
    },
  );

  it("a rename on one side alone is carried as moves, whatever the policy", async () => {
    const renameCase = fc.record({
      files: fc.uniqueArray(
        fc.record({ path: fc.constantFrom(...paths.filter((p) => !p.startsWith("d3/"))), content, mode }),
        { selector: (file) => file.path, minLength: 1, maxLength: 6 },
      ),
      side,
      pick: fc.nat(),
      folder: fc.boolean(),
      /** What the user does to the renamed files before the sync: the move carries it. */
      then: fc.constantFrom("nothing", "chmod", "touch"),
      conflict: conflictPolicy,
    });
    await fc.assert(
      fc.asyncProperty(
        renameCase,
        async ({ files, side: mine, pick, folder: wholeFolder, then, conflict }) => {
          harness?.dispose();
          const h = new TreeHarness();
          harness = h;
          for (const file of files) h.write("a", file.path, file.content, file.mode);
          only(await h.sync({ conflict }));
          const held = [...h.files(mine).keys()];
          const picked = held[pick % held.length] as string;
          const parent = posix.dirname(picked);
          const before = h.files(mine);
          if (wholeFolder && parent !== ".") expect(h.renameFolder(mine, parent, "d3")).toBe(true);
          else {
            const free = [...paths, "d3/renamed"].filter((p) => !before.has(p));
            expect(h.rename(mine, picked, free[pick % free.length] as string)).toBe(true);
          }
          const now = h.files(mine);
          const gone = [...before.keys()].filter((p) => !now.has(p)).sort();
          const came = [...now.keys()].filter((p) => !before.has(p)).sort();
          for (const p of came) {
            if (then === "chmod") h.chmod(mine, p, "700");
            if (then === "touch") h.touch(mine, p);
          }
          const report = only(await h.sync({ conflict }));
          const moves = itemActions(report.applied).filter((action) => action.kind === "move");
          expect(report.applied.map((action) => action.kind)).toEqual(moves.map(() => "move"));
          expect(moves.map((move) => move.ident).sort()).toEqual(came);
          expect(moves.map((move) => move.previous).sort()).toEqual(gone);
          expect(moves.every((move) => move.side === otherSide(mine))).toBe(true);
          expect(plain(entries(h.files("a")))).toEqual(plain(entries(h.files("b"))));
          coverage.moves += moves.length;
        },
      ),
      { numRuns: 40 },
    );
  });

  it("exercised conflicts, conflict copies, moves and deletions", () => {
    expect(coverage.editsOverDeletions).toBeGreaterThan(0);
    expect(coverage.conflicts).toBeGreaterThan(0);
    expect(coverage.keptBoth).toBeGreaterThan(0);
    expect(coverage.moves).toBeGreaterThan(0);
    expect(coverage.resurrections).toBeGreaterThan(0);
  });
});
