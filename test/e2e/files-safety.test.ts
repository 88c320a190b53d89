/** A tree that is not what it was (unplugged, an empty mount point, another disk) or a mass deletion: refused. */
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clean, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(async () => {
  ws = new TreeWorkspace();
  for (const name of ["one", "two", "three"]) ws.write(`a/docs/${name}.txt`, `${name}\n`);
  ws.write("b/photo.jpg", "jpeg\n");
  clean(await ws.run("sync"));
});
afterEach(() => ws.dispose());

const everything = {
  "docs/": expect.any(String),
  "docs/one.txt": expect.any(String),
  "docs/two.txt": expect.any(String),
  "docs/three.txt": expect.any(String),
  "photo.jpg": expect.any(String),
};

describe("a side that is not the tree it was", () => {
  it("an unplugged disk (the root gone) is refused, naming the path; nothing is deleted", async () => {
    renameSync(ws.path("b"), ws.path("b-unplugged"));
    ws.write("a/new.txt", "made meanwhile\n");
    const result = await ws.run("sync");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `p: error: b: ${ws.path("b")} does not exist (is the disk plugged in?); nothing was synchronised\n`,
    });
    expect(ws.tree("a")).toEqual({ ...everything, "new.txt": expect.any(String) });
    expect(ws.list("")).not.toContain("b"); // the root is not made again
    // Plugged back in, it syncs as usual.
    renameSync(ws.path("b-unplugged"), ws.path("b"));
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "p/root: created 1 in b\n", stderr: "" });
  });

  it("an empty mount point in its place is refused", async () => {
    renameSync(ws.path("b"), ws.path("b-unplugged"));
    mkdirSync(ws.path("b"));
    const result = await ws.run("sync");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "p: error: b: is empty but held items at the last sync (an unplugged disk's mount point?); nothing was synchronised\n",
    });
    expect(ws.tree("a")).toEqual(everything);
    expect(ws.list("b")).toEqual([]);
  });

  it("another tree (another .concord-id) in its place is refused", async () => {
    renameSync(ws.path("b"), ws.path("b-unplugged"));
    ws.write("b/.concord-id", "0b9c8f3e-another-tree\n");
    ws.write("b/unrelated.txt", "another disk\n");
    const result = await ws.run("sync");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^p: error: b: carries the mark of another tree \(0b9c8f3e-another-tree, the status knows [0-9a-f-]{36}\); nothing was synchronised\n$/,
    );
    expect(ws.tree("a")).toEqual(everything);
    expect(ws.tree("b")).toEqual({ "unrelated.txt": expect.any(String) });
  });

  it("a tree that lost its mark, everything else in place, is refused", async () => {
    unlinkSync(ws.path("b/.concord-id"));
    unlinkSync(ws.path("b/docs/one.txt"));
    const result = await ws.run("sync");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "p: error: b: has lost the mark it carried at the last sync (another disk at the same place?); nothing was synchronised\n",
    });
    expect(ws.tree("a")).toEqual(everything);
  });
});

describe("max_delete", () => {
  it("refuses deleting 80 of 100 files, suggesting --force; sync --force goes through", async () => {
    const names = Array.from({ length: 100 }, (_, n) => `file-${String(n).padStart(3, "0")}.txt`);
    for (const name of names) ws.write(`a/many/${name}`, `${name}\n`);
    clean(await ws.run("sync"));
    for (const name of names.slice(0, 80)) unlinkSync(ws.path(`a/many/${name}`));
    ws.write("a/added.txt", "added\n");

    const refused = await ws.run("sync");
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'p/root: would delete 80 items in b, more than max_delete allows (52); nothing was changed. If the deletions are intended, run "concord sync --force p"; if not, restore what was deleted on the other side first.\n',
    });
    expect(ws.list("b/many")).toHaveLength(100);
    expect(ws.list("b")).not.toContain("added.txt");

    const forced = await ws.run("sync", "--force");
    expect(forced).toEqual({ code: 0, stdout: "p/root: created 1 in b, deleted 80 in b\n", stderr: "" });
    expect(ws.list("b/many")).toEqual(names.slice(80));
    expect(ws.tree("b")).toEqual(ws.tree("a"));
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a count in the config is a limit too", async () => {
    ws.configure({ pair: "max_delete = 2" });
    for (const name of ["one", "two", "three"]) unlinkSync(ws.path(`b/docs/${name}.txt`));
    writeFileSync(ws.path("b/photo.jpg"), "still here\n");
    const refused = await ws.run("sync");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("would delete 3 items in a, more than max_delete allows (2)");
    expect(ws.list("a/docs")).toEqual(["one.txt", "three.txt", "two.txt"]);
  });
});
