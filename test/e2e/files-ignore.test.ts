/** Ignore patterns (the config's and `.concordignore`): what they cover never crosses, either way. */
import { unlinkSync, utimesSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { clean, filesOf, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  const ignore = 'ignore = ["*.tmp", "node_modules/"]';
  ws = new TreeWorkspace({ a: ignore, b: ignore });
});
afterEach(() => ws.dispose());

it("paths covered by ignore or .concordignore never cross, whatever happens to them", async () => {
  // The same file on both sides, to the nanosecond: equal content and attributes, nothing to carry.
  const written = new Date("2026-01-02T03:04:05Z");
  for (const side of ["a", "b"]) {
    ws.write(`${side}/.concordignore`, "# local only\nsecret/\n*.bak\n");
    utimesSync(ws.path(side, ".concordignore"), written, written);
  }
  ws.write("a/keep.txt", "keep\n");
  ws.write("a/draft.tmp", "a tmp\n");
  ws.write("a/deep/er/scratch.tmp", "deep tmp\n");
  ws.write("a/node_modules/pkg/index.js", "module.exports = 1;\n");
  ws.write("a/secret/key", "a secret\n");
  ws.write("a/notes.bak", "backup\n");
  ws.write("a/cache/only.tmp", "a folder holding only ignored files is not an empty folder\n");
  // "node_modules/" names folders: a file of that name is not covered.
  ws.write("a/lib/node_modules", "a file\n");
  ws.write("b/from-b.txt", "from b\n");
  ws.write("b/b.tmp", "b tmp\n");
  ws.write("b/app/node_modules/dep/x.js", "x\n");
  ws.write("b/secret/b-key", "b secret\n");

  const first = await ws.run("sync");
  expect(first).toEqual({ code: 0, stdout: "p/root: created 1 in a, created 2 in b\n", stderr: "" });
  expect(Object.keys(filesOf(ws.tree("b"))).sort()).toEqual([
    ".concordignore",
    "app/node_modules/dep/x.js",
    "b.tmp",
    "from-b.txt",
    "keep.txt",
    "lib/node_modules",
    "secret/b-key",
  ]);
  expect(Object.keys(filesOf(ws.tree("a"))).sort()).toEqual([
    ".concordignore",
    "cache/only.tmp",
    "deep/er/scratch.tmp",
    "draft.tmp",
    "from-b.txt",
    "keep.txt",
    "lib/node_modules",
    "node_modules/pkg/index.js",
    "notes.bak",
    "secret/key",
  ]);

  // Edited, deleted or added, ignored paths stay where they are; the rest goes on as usual.
  ws.write("a/draft.tmp", "a tmp, edited\n");
  unlinkSync(ws.path("a/secret/key"));
  ws.write("a/secret/new-key", "new secret\n");
  unlinkSync(ws.path("b/b.tmp"));
  ws.write("b/app/node_modules/dep/y.js", "y\n");
  ws.write("b/late.bak", "late backup\n");
  ws.write("b/from-b.txt", "from b, edited\n");
  const before = { a: ws.tree("a"), b: ws.tree("b") };
  const second = await ws.syncJson();
  expect(second.code).toBe(0);
  expect(second.pair.collections[0]?.applied.map((action) => `${action.kind} ${action.ident}`)).toEqual([
    "update from-b.txt",
  ]);
  expect(ws.tree("a")).toEqual({ ...before.a, "from-b.txt": expect.stringMatching(/ from b, edited\n$/) });
  expect(ws.tree("b")).toEqual(before.b);
  expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
});

it("a .concordignore synced from the other side covers what it names there too", async () => {
  ws.write("a/.concordignore", "*.log\n");
  ws.write("a/app.txt", "app\n");
  clean(await ws.run("sync"));
  expect(ws.read("b/.concordignore")).toBe("*.log\n");
  ws.write("b/debug.log", "from b\n");
  ws.write("a/run.log", "from a\n");
  expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  expect(ws.list("a")).toEqual([".concord-id", ".concordignore", "app.txt", "run.log"]);
  expect(ws.list("b")).toEqual([".concord-id", ".concordignore", "app.txt", "debug.log"]);
});
