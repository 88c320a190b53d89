import { describe, expect, it } from "vitest";
import { asHref, asVersion } from "../contract/index.js";
import type { Action, SideItem, StatusRow } from "../engine/types.js";
import { inScope, sortPlan } from "./sort-plan.js";

const item = (hash: string, mtime: string): SideItem => ({
  href: asHref("a.txt"),
  version: asVersion(`v-${hash}-${mtime}`),
  hash,
  attributes: { mtime },
});

const copied: StatusRow = {
  ident: "a.txt",
  a: { href: asHref("a.txt"), version: asVersion("1"), attributes: { mtime: "100" } },
  b: { href: asHref("a.txt"), version: asVersion("1"), attributes: { mtime: "100" } },
  hash: "h1",
};

/** An overwrite of the disk's (b's) `target` with work's (a's) `source`. */
const update = (source: SideItem, target: SideItem): Action => ({
  kind: "update",
  ident: "a.txt",
  from: "a",
  source,
  target,
  why: "one-way: b follows a",
});

const reasonOf = (action: Action, row: StatusRow | undefined) =>
  sortPlan([action], new Map(row ? [[row.ident, row]] : []), "b").overwrites[0]?.reason;

describe("sortPlan", () => {
  it("tells a change at the source from one at the target, from damage, from a file never copied", () => {
    expect(reasonOf(update(item("h2", "200"), item("h1", "100")), copied)).toBe("source changed");
    expect(reasonOf(update(item("h1", "100"), item("h3", "300")), copied)).toBe("target changed");
    expect(reasonOf(update(item("h1", "100"), item("h3", "100")), copied)).toBe("target damaged");
    expect(reasonOf(update(item("h2", "200"), item("h3", "100")), undefined)).toBe("never copied");
    expect(reasonOf(update(item("h2", "200"), item("h3", "100")), { ...copied, b: undefined })).toBe(
      "never copied",
    );
  });

  it("keeps copies, deletions and bookkeeping apart", () => {
    const create: Action = { kind: "create", ident: "n", from: "a", source: item("h", "1"), why: "new in a" };
    const remove: Action = { kind: "delete", ident: "d", side: "b", target: item("h", "1"), why: "not in a" };
    const forget: Action = { kind: "forget", ident: "f" };
    expect(sortPlan([create, remove, forget], new Map(), "b")).toEqual({
      copies: [create],
      overwrites: [],
      deletions: [remove],
      rest: [forget],
    });
  });
});

describe("inScope", () => {
  it("takes a path and what lies below it, and nothing that only starts with its name", () => {
    expect(inScope("trip/a.jpg", ["trip"])).toBe(true);
    expect(inScope("trip/", ["trip"])).toBe(true);
    expect(inScope("trips/a.jpg", ["trip"])).toBe(false);
    expect(inScope("a.jpg", ["trip/a.jpg"])).toBe(false);
    expect(inScope("anything", undefined)).toBe(true);
    expect(inScope("anything", [""])).toBe(true);
  });
});
