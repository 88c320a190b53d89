/** Two file trees kept in agreement through the real CLI: copies, edits, deletions, folders. */
import { mkdirSync, rmSync, unlinkSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clean, fileMode, folderMode, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

describe("files <-> files through the CLI", () => {
  it("copies new files both ways on the first sync, then plans nothing", async () => {
    ws.write("a/one.txt", "one\n");
    ws.write("a/docs/readme.md", "# readme\n");
    ws.write("b/two.txt", "two\n");
    ws.write("b/deep/er/three.txt", "three\n");
    const first = await ws.run("sync");
    expect(first).toEqual({ code: 0, stdout: "p/root: created 2 in a, created 2 in b\n", stderr: "" });
    const want = {
      "deep/": `folder ${folderMode}`,
      "deep/er/": `folder ${folderMode}`,
      "deep/er/three.txt": `${fileMode} three\n`,
      "docs/": `folder ${folderMode}`,
      "docs/readme.md": `${fileMode} # readme\n`,
      "one.txt": `${fileMode} one\n`,
      "two.txt": `${fileMode} two\n`,
    };
    expect(ws.tree("a")).toEqual(want);
    expect(ws.tree("b")).toEqual(want);
    // Each root got its mark.
    expect(ws.list("a")).toContain(".concord-id");
    expect(ws.list("b")).toContain(".concord-id");

    expect(await ws.run("sync", "--dry-run")).toEqual({
      code: 0,
      stdout: "p/root: nothing to do\n",
      stderr: "",
    });
    const again = await ws.syncJson();
    expect(again.code).toBe(0);
    expect(again.pair.collections).toHaveLength(1);
    expect(again.pair.collections[0]).toMatchObject({
      planned: [],
      applied: [],
      failures: [],
      conflicts: [],
    });
    expect(ws.tree("a")).toEqual(want);
    expect(ws.tree("b")).toEqual(want);
  });

  it("carries edits, deletions and additions both ways", async () => {
    for (const name of ["edit-a", "edit-b", "gone-a", "gone-b", "keep"]) ws.write(`a/${name}.txt`, "v1\n");
    clean(await ws.run("sync"));
    ws.write("a/edit-a.txt", "v2 from a, longer\n");
    ws.write("b/edit-b.txt", "v2\n"); // same size as before: the version still tells it changed
    unlinkSync(ws.path("a/gone-a.txt"));
    unlinkSync(ws.path("b/gone-b.txt"));
    ws.write("a/new/from-a.txt", "new in a\n");
    ws.write("b/from-b.txt", "new in b\n");

    const result = await ws.run("sync");
    expect(result).toEqual({
      code: 0,
      stdout:
        "p/root: created 1 in a, updated 1 in a, deleted 1 in a, created 1 in b, updated 1 in b, deleted 1 in b\n",
      stderr: "",
    });
    const want = {
      "edit-a.txt": `${fileMode} v2 from a, longer\n`,
      "edit-b.txt": `${fileMode} v2\n`,
      "from-b.txt": `${fileMode} new in b\n`,
      "keep.txt": `${fileMode} v1\n`,
      "new/": `folder ${folderMode}`,
      "new/from-a.txt": `${fileMode} new in a\n`,
    };
    expect(ws.tree("a")).toEqual(want);
    expect(ws.tree("b")).toEqual(want);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("an edit wins over a deletion on the other side: the file comes back", async () => {
    ws.write("a/notes.txt", "v1\n");
    ws.write("a/other.txt", "other\n");
    clean(await ws.run("sync"));
    ws.write("a/notes.txt", "edited in a\n");
    unlinkSync(ws.path("b/notes.txt"));
    ws.write("b/other.txt", "edited in b\n");
    unlinkSync(ws.path("a/other.txt"));

    const result = await ws.syncJson("-v");
    expect(result.code).toBe(0);
    const applied = result.pair.collections[0]?.applied.map((action) => `${action.kind} ${action.ident}`);
    expect(applied?.sort()).toEqual(["create notes.txt", "create other.txt"]);
    expect(result.stderr).toContain("create in b: notes.txt (deleted in b but changed in a)");
    expect(ws.tree("a")).toEqual({
      "notes.txt": `${fileMode} edited in a\n`,
      "other.txt": `${fileMode} edited in b\n`,
    });
    expect(ws.tree("b")).toEqual(ws.tree("a"));
  });

  it("creates empty folders on the other side and removes folders emptied by deletions", async () => {
    mkdirSync(ws.path("a/empty"));
    mkdirSync(ws.path("a/nested/empty/too"), { recursive: true });
    mkdirSync(ws.path("b/from-b"), { mode: 0o700 });
    ws.write("a/album/2023/one.jpg", "1");
    ws.write("a/album/2023/sub/two.jpg", "2");
    ws.write("a/album/keep.jpg", "k");
    clean(await ws.run("sync"));
    expect(ws.tree("b")).toMatchObject({
      "empty/": `folder ${folderMode}`,
      "nested/empty/too/": `folder ${folderMode}`,
      "from-b/": "folder 700",
      "album/2023/sub/two.jpg": `${fileMode} 2`,
    });
    expect(ws.tree("a")).toEqual(ws.tree("b"));

    rmSync(ws.path("a/album/2023"), { recursive: true });
    rmSync(ws.path("b/nested"), { recursive: true });
    const result = await ws.run("sync");
    expect(result).toEqual({ code: 0, stdout: "p/root: deleted 1 in a, deleted 2 in b\n", stderr: "" });
    expect(ws.list("b/album")).toEqual(["keep.jpg"]);
    expect(ws.list("a")).toEqual([".concord-id", "album", "empty", "from-b"]);
    expect(ws.tree("a")).toEqual(ws.tree("b"));
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("the last file of a folder deleted leaves the folder, empty, on both sides, in one run", async () => {
    ws.write("a/box/only.txt", "x");
    clean(await ws.run("sync"));
    unlinkSync(ws.path("a/box/only.txt")); // box/ is now an empty folder in a: an item of its own
    expect(await ws.run("sync")).toEqual({
      code: 0,
      stdout: "p/root: created 1 in b, deleted 1 in b\n",
      stderr: "",
    });
    expect(ws.tree("b")).toEqual({ "box/": `folder ${folderMode}` });
    expect(ws.tree("a")).toEqual(ws.tree("b"));
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("files added to an empty folder, and a file that became a folder, cross in one run", async () => {
    mkdirSync(ws.path("a/box"));
    ws.write("a/notes", "a file\n");
    clean(await ws.run("sync"));
    for (const n of [1, 2, 3, 4, 5]) ws.write(`a/box/new-${n}.txt`, `${n}`);
    unlinkSync(ws.path("a/notes"));
    ws.write("a/notes/inside.txt", "now a folder\n");
    expect(await ws.run("sync")).toEqual({
      code: 0,
      stdout: "p/root: created 6 in b, deleted 2 in b\n",
      stderr: "",
    });
    expect(ws.list("b/box")).toEqual(["new-1.txt", "new-2.txt", "new-3.txt", "new-4.txt", "new-5.txt"]);
    expect(ws.tree("b")).toEqual(ws.tree("a"));
    expect(ws.read("b/notes/inside.txt")).toBe("now a folder\n");
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
