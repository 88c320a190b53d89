/** `sync --dry-run` on a pair of trees lists every change by path and makes none; a run then makes exactly those. */
import { chmodSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { clean, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

/** Every entry below the workspace with its content, mode and mtime: the status database's bytes included. */
function snapshot(): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const stats = statSync(path);
      // The status folder's mtime aside: a dry run takes the pair's lock there, and leaves it.
      const mtime = path === ws.path("status") ? "" : ` ${stats.mtimeMs}`;
      const key = `${relative(ws.enclosure, path)} ${stats.mode.toString(8)}${mtime}`;
      if (stats.isDirectory()) {
        entries[`${key}/`] = "";
        walk(path);
      } else entries[key] = readFileSync(path, "latin1");
    }
  };
  walk(ws.enclosure);
  return entries;
}

it("lists every create, update, rename, delete, attribute change and conflict, and changes nothing", async () => {
  for (const name of ["edit.txt", "gone.txt", "both.txt", "run.sh"]) ws.write(`a/${name}`, `${name} v1\n`);
  ws.write("a/old/place.txt", "moving\n");
  clean(await ws.run("sync"));

  ws.write("a/new dir/new.txt", "new in a\n");
  ws.write("b/from-b.txt", "new in b\n");
  ws.write("b/edit.txt", "edited in b\n");
  unlinkSync(ws.path("a/gone.txt"));
  renameSync(ws.path("a/old/place.txt"), ws.path("a/moved.txt"));
  ws.write("a/both.txt", "edited in a\n");
  ws.write("b/both.txt", "edited in b\n");
  chmodSync(ws.path("b/run.sh"), 0o755);

  const before = snapshot();
  const dry = await ws.run("sync", "--dry-run");
  expect(dry.stderr).toBe("");
  // The conflict on both.txt would be left pending: a dry run says so with its exit code.
  expect(dry.code).toBe(1);
  const listed = dry.stdout.split("\n").filter((line) => line.startsWith("  "));
  expect(dry.stdout.split("\n")[0]).toBe("p/root: would do:");
  expect([...listed].sort()).toEqual(
    [
      "  attributes in a: run.sh (attributes changed in b)",
      "  conflict: both.txt (changed on both sides: a both.txt, b both.txt)",
      "  create in a: from-b.txt (new in b)",
      "  create in b: new dir/new.txt (new in a)",
      "  create in b: old/ (new in a)", // left empty in a by the rename: an item of its own
      "  delete in b: gone.txt (deleted in a)",
      "  rename in b: old/place.txt → moved.txt (renamed in a from old/place.txt)",
      "  update in a: edit.txt (changed in b)",
    ].sort(),
  );
  expect(snapshot()).toEqual(before);

  // The real run does exactly what was listed, and -v says so action by action.
  const real = await ws.run("-v", "sync");
  expect(real.code).toBe(1); // the conflict remains
  const done = real.stderr
    .split("\n")
    .filter((line) => line.startsWith("p/root: ") && !line.includes('run "concord resolve"'))
    .map((line) => `  ${line.slice("p/root: ".length)}`);
  expect(done.sort()).toEqual([...listed].sort());
  expect(ws.tree("a")).toMatchObject({
    "new dir/new.txt": expect.any(String),
    "from-b.txt": expect.any(String),
  });
  expect(ws.list("b")).toEqual([
    ".concord-id",
    "both.txt",
    "edit.txt",
    "from-b.txt",
    "moved.txt",
    "new dir",
    "old",
    "run.sh",
  ]);
  const { "both.txt": bothA, ...restA } = ws.tree("a");
  const { "both.txt": bothB, ...restB } = ws.tree("b");
  expect(restA).toEqual(restB);
  expect([bothA, bothB]).toEqual([
    expect.stringContaining("edited in a"),
    expect.stringContaining("edited in b"),
  ]);
  expect(statSync(ws.path("a/run.sh")).mode & 0o777).toBe(0o755);

  // Nothing is left to do but the conflict.
  const after = await ws.run("sync", "--dry-run");
  expect(after.stdout).toBe(
    "p/root: would do:\n  conflict: both.txt (changed on both sides: a both.txt, b both.txt)\n",
  );
});
