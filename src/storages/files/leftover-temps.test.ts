import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadIgnoreRules } from "./ignore-rules.js";
import { removeAbandonedTemps } from "./leftover-temps.js";
import { scanTree } from "./scan-tree.js";
import { openTree, useTempTree } from "./testing/tree.js";

const tree = useTempTree();
const hours = (count: number) => count * 60 * 60 * 1000;

describe("temp files left by a killed run", () => {
  it("are removed once untouched for an hour, and never sooner", () => {
    const temp = join(tree.root, ".concord-tmp-left");
    writeFileSync(temp, "half a copy");
    removeAbandonedTemps([temp], Date.now() + hours(0.5));
    expect(readdirSync(tree.root)).toEqual([".concord-tmp-left"]);
    removeAbandonedTemps([temp], Date.now() + hours(2));
    expect(readdirSync(tree.root)).toEqual([]);
  });

  it("leave folders alone, and a path that is gone is no error", () => {
    mkdirSync(join(tree.root, ".concord-tmp-folder"));
    removeAbandonedTemps(
      [join(tree.root, ".concord-tmp-folder"), join(tree.root, ".concord-tmp-gone")],
      Date.now() + hours(2),
    );
    expect(readdirSync(tree.root)).toEqual([".concord-tmp-folder"]);
  });

  it("are found by a listing in every folder, and a fresh one stays: a write may be under way", async () => {
    mkdirSync(join(tree.root, "docs"));
    writeFileSync(join(tree.root, "docs", ".concord-tmp-fresh"), "being written");
    writeFileSync(join(tree.root, "docs", "kept.txt"), "kept");
    const scan = scanTree(tree.root, loadIgnoreRules(tree.root, []));
    expect(scan.temps).toEqual([join(tree.root, "docs", ".concord-tmp-fresh")]);
    expect(scan.items.map((item) => item.href)).toEqual(["docs/kept.txt"]);
    await (await openTree(tree.root)).list();
    expect(readdirSync(join(tree.root, "docs")).sort()).toEqual([".concord-tmp-fresh", "kept.txt"]);
  });
});
