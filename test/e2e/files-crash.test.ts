/**
 * concord killed (SIGKILL) in the middle of copying a large file: the target holds the whole old
 * file or none, never part of the new one, and the next run completes the copy. (A run killed
 * after each of its writes in turn is src/engine/files-crash.test.ts.)
 */
import { readdirSync, statSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { clean, killDuringCopy, sha256, sparseFile, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

const mib = 1024 * 1024;

/** Runs `sync` and kills it once a temp file in `folder` holds `bytes` (see `killDuringCopy`). */
const killSyncDuringCopy = (folder: string, bytes: number): Promise<number> =>
  killDuringCopy(ws.start(["sync"]), folder, bytes);

it("killed while creating a 200 MB file: the target is absent or whole, and the next run completes it", async () => {
  const size = 200 * mib;
  sparseFile(ws.path("a/video.mkv"), size, { 0: "header", [size - 8]: "trailer!" });
  ws.write("a/note.txt", "note\n");

  const copied = await killSyncDuringCopy(ws.path("b"), 4 * mib);
  expect(copied).toBeLessThanOrEqual(size);
  // Killed while its temp file was being written (or synced): the name never held a part of it.
  if (ws.list("b").includes("video.mkv")) {
    expect(await sha256(ws.path("b/video.mkv"))).toBe(await sha256(ws.path("a/video.mkv")));
  }

  expect(await ws.run("sync")).toMatchObject({ code: 0, stderr: "" });
  expect(statSync(ws.path("b/video.mkv")).size).toBe(size);
  expect(await sha256(ws.path("b/video.mkv"))).toBe(await sha256(ws.path("a/video.mkv")));
  expect(ws.read("b/note.txt")).toBe("note\n");
  // The interrupted copy's temp file never crosses back as an item.
  expect(readdirSync(ws.path("a")).filter((name) => name.startsWith(".concord-tmp-"))).toEqual([]);
  expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
}, 60_000);

it("killed while replacing a large file: the target holds the whole old or new version, then the new", async () => {
  const size = 96 * mib;
  sparseFile(ws.path("a/disk.img"), size, { 0: "version 1", [size - 9]: "version 1" });
  clean(await ws.run("sync"));
  const old = await sha256(ws.path("b/disk.img"));
  sparseFile(ws.path("a/disk.img"), size, { 0: "version 2", [size / 2]: "changed", [size - 9]: "version 2" });

  const copied = await killSyncDuringCopy(ws.path("b"), 4 * mib);
  expect(copied).toBeLessThanOrEqual(size);
  expect(statSync(ws.path("b/disk.img")).size).toBe(size);
  expect([old, await sha256(ws.path("a/disk.img"))]).toContain(await sha256(ws.path("b/disk.img")));

  expect(await ws.run("sync")).toMatchObject({ code: 0, stderr: "" });
  expect(await sha256(ws.path("b/disk.img"))).toBe(await sha256(ws.path("a/disk.img")));
  expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
}, 60_000);
