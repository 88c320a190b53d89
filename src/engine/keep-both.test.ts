import { afterEach, describe, expect, it, vi } from "vitest";
import { TreeHarness } from "./testing/tree-harness.js";

let h: TreeHarness;
afterEach(() => {
  vi.useRealTimers();
  h.dispose();
});

describe('conflict_resolution = "keep both"', () => {
  it("gives a second conflict of the same file within the same second a name of its own", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-03T10:20:30Z") });
    h = new TreeHarness();
    const keepBoth = { conflict: { kind: "keepBoth" } } as const;
    h.write("a", "notes.txt", "base");
    await h.sync(keepBoth);
    for (const round of [1, 2]) {
      h.write("a", "notes.txt", `a, round ${round}`);
      h.write("b", "notes.txt", `b, round ${round}`);
      const report = await h.sync(keepBoth);
      expect(report.collections[0]?.failures).toEqual([]);
    }
    const names = [...h.files("a").keys()].sort();
    expect(names).toEqual([
      "notes.conflict-a-20261203-102030-2.txt",
      "notes.conflict-a-20261203-102030.txt",
      "notes.txt",
    ]);
    expect([...h.files("b").keys()].sort()).toEqual(names);
  });
});
