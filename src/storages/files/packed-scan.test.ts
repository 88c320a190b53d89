import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadIgnoreRules } from "./ignore-rules.js";
import { packScan, unpackScan } from "./packed-scan.js";
import { scanTree } from "./scan-tree.js";
import { useTempTree } from "./testing/tree.js";

const tree = useTempTree();

describe("a listing packed to cross between threads", () => {
  it("comes back as it was: files, links, empty folders, what was left out, temp files", () => {
    mkdirSync(join(tree.root, "docs/empty"), { recursive: true });
    writeFileSync(join(tree.root, "docs/a.txt"), "a");
    writeFileSync(join(tree.root, "run.sh"), "#!/bin/sh", { mode: 0o755 });
    symlinkSync("docs/a.txt", join(tree.root, "link"));
    writeFileSync(join(tree.root, "Name"), "one");
    writeFileSync(join(tree.root, "name"), "other");
    writeFileSync(join(tree.root, ".concord-tmp-x"), "half");
    const scan = scanTree(tree.root, loadIgnoreRules(tree.root, []));
    expect(scan.items.length).toBe(4);
    expect(scan.skipped.length).toBe(2);
    expect(scan.temps.length).toBe(1);
    expect(unpackScan(structuredClone(packScan(scan)))).toEqual(scan);
  });
});
