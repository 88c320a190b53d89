import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { delta, folded, resolvePath } from "./journal.js";
import type { ChangeSet } from "./records.js";

const hash = (n: number) => n.toString(16).padStart(64, "0");
const set = (
  place: string,
  seq: number,
  seen: Record<string, number>,
  changes: ChangeSet["changes"],
  time = seq,
) => ({ place, seq, time, seen, changes, blobs: {} }) satisfies ChangeSet;

describe("resolvePath", () => {
  it("a later change replaces an earlier one it knew of", () => {
    const first = set("home", 1, {}, [{ path: "a", base: null, hash: hash(1) }]);
    const second = set("anna", 1, { home: 1 }, [{ path: "a", base: hash(1), hash: hash(2) }]);
    const changes = [
      ...first.changes.map((change) => ({ set: first, change })),
      { set: second, change: second.changes[0]! },
    ];
    expect(resolvePath("a", changes)).toEqual({ entry: { hash: hash(2) }, copies: new Map() });
  });

  it("an edit wins over a concurrent deletion, and nothing is copied", () => {
    const edit = set("home", 1, {}, [{ path: "a", base: hash(1), hash: hash(2) }]);
    const deletion = set("anna", 1, {}, [{ path: "a", base: hash(1), hash: null }]);
    const state = resolvePath(
      "a",
      [edit, deletion].map((s) => ({ set: s, change: s.changes[0]! })),
    );
    expect(state).toEqual({ entry: { hash: hash(2) }, copies: new Map() });
  });
});

describe("delta", () => {
  it("reports nothing for a place's own change", () => {
    const own = set("home", 1, {}, [{ path: "a", base: null, hash: hash(1) }]);
    expect(delta([own], [])).toEqual({ changed: new Map(), removed: new Set() });
  });

  it("reports a concurrent set's edit with the place's own version kept beside it", () => {
    const own = set("home", 1, {}, [
      { path: "n.md", base: hash(1), hash: hash(2), attributes: { mtime: "1" } },
    ]);
    const other = set(
      "anna",
      1,
      {},
      [{ path: "n.md", base: hash(1), hash: hash(3), attributes: { mtime: "2" } }],
      0,
    );
    const { changed, removed } = delta([own], [other]);
    expect(removed).toEqual(new Set());
    expect(changed.get("n.md")).toEqual({ hash: hash(3), attributes: { mtime: "2" } });
    expect([...changed.keys()].filter((path) => path.includes(".conflict-home-"))).toHaveLength(1);
  });

  it("folds to the same tree whatever order concurrent sets are read in", () => {
    const change = fc.record({
      path: fc.constantFrom("a", "b", "c/d"),
      base: fc.option(fc.integer({ min: 1, max: 3 }).map(hash), { nil: null }),
      hash: fc.option(fc.integer({ min: 1, max: 3 }).map(hash), { nil: null }),
      attributes: fc.record({ mtime: fc.integer({ min: 0, max: 3 }).map(String) }),
    });
    const sets = fc.uniqueArray(
      fc.record({
        place: fc.constantFrom("home", "anna", "grandpa"),
        changes: fc.array(change, { maxLength: 3 }),
      }),
      { maxLength: 4, selector: (s) => s.place },
    );
    fc.assert(
      fc.property(sets, (made) => {
        const all = made.map((s, i) => set(s.place, 1, {}, s.changes, i));
        const base = new Map([["a", { hash: hash(1) }]]);
        const forward = folded(base, all);
        const backward = folded(base, [...all].reverse());
        expect([...backward].sort()).toEqual([...forward].sort());
      }),
    );
  });
});
