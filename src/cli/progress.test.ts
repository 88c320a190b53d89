import { describe, expect, it } from "vitest";
import { asHref, asVersion } from "../contract/index.js";
import type { Action, SideItem } from "../engine/types.js";
import { SyncProgress } from "./progress.js";

const item = (href: string, size?: number): SideItem => ({
  href: asHref(href),
  version: asVersion("1"),
  hash: href,
  size,
});
const create = (href: string, size?: number): Action => ({
  kind: "create",
  ident: href,
  from: "a",
  source: item(href, size),
  why: "new in a",
});

describe("SyncProgress", () => {
  it("counts written items and the bytes they copy against the plan", () => {
    const progress = new SyncProgress();
    const actions = [create("big", 3_000_000), create("small", 500_000)];
    progress.planned("p/root", { actions });
    expect(progress.applied("p/root", actions[0] as Action)).toBe("p/root: 1 of 2 items, 3.0 MB of 3.5 MB");
    expect(progress.applied("p/root", actions[1] as Action)).toBe("p/root: 2 of 2 items, 3.5 MB of 3.5 MB");
  });

  it("sums up every key in one line, in the keys' order whatever order they were planned in", () => {
    const progress = new SyncProgress();
    const one = [create("a", 1_000_000)];
    const two = [create("b", 2_000_000), create("c", 2_000_000)];
    progress.planned("disk2", { actions: two });
    progress.planned("disk1", { actions: one });
    progress.applied("disk2", two[0] as Action);
    expect(progress.summary()).toBe(
      "disk1: 0 of 1 items, 0.0 MB of 1.0 MB; disk2: 1 of 2 items, 2.0 MB of 4.0 MB",
    );
  });

  it("leaves bytes out where no size is known, and status bookkeeping out of the count", () => {
    const progress = new SyncProgress();
    const record: Action = { kind: "record", ident: "x", a: item("x"), b: item("x"), hash: "x" };
    const actions = [create("one.ics"), record];
    progress.planned("p/cal", { actions });
    expect(progress.applied("p/cal", record)).toBe("p/cal: 0 of 1 items");
    expect(progress.applied("p/cal", actions[0] as Action)).toBe("p/cal: 1 of 1 items");
  });
});
