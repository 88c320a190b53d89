/** Renames in a tree cross as renames: no content is copied again, no file is deleted. */
import { mkdirSync, renameSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actionsOf, clean, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

const photos = Array.from({ length: 30 }, (_, n) => `img-${String(n).padStart(2, "0")}.jpg`);

describe("renames", () => {
  it("a folder of 30 files renamed in a is renamed in b, every file keeping its inode", async () => {
    for (const name of photos) ws.write(`a/photos/2024/${name}`, `photo ${name}\n`);
    ws.write("a/photos/cover.jpg", "cover\n");
    clean(await ws.run("sync"));
    const before = ws.inodes("b");

    renameSync(ws.path("a/photos/2024"), ws.path("a/photos/2024-trip"));
    const result = await ws.syncJson("-v");
    expect(result.code).toBe(0);
    const report = result.pair.collections[0];
    expect(report?.failures).toEqual([]);
    const moves = photos.map((name) => `move photos/2024/${name} → photos/2024-trip/${name}`);
    expect(actionsOf(report, "applied")).toEqual(moves);
    expect(report?.applied.every((action) => action.kind === "move" && action.side === "b")).toBe(true);
    expect(result.stderr).toContain(
      "p/root: rename in b: photos/2024/img-07.jpg → photos/2024-trip/img-07.jpg (renamed in a from photos/2024/img-07.jpg)",
    );

    expect(ws.list("b/photos")).toEqual(["2024-trip", "cover.jpg"]);
    expect(ws.tree("b")).toEqual(ws.tree("a"));
    const after = ws.inodes("b");
    for (const name of photos) expect(after[`photos/2024-trip/${name}`]).toBe(before[`photos/2024/${name}`]);
    expect(after["photos/cover.jpg"]).toBe(before["photos/cover.jpg"]);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a file renamed and moved to another folder in b is renamed in a", async () => {
    ws.write("a/inbox/report.pdf", "%PDF report\n");
    ws.write("a/inbox/other.txt", "stays\n");
    clean(await ws.run("sync"));
    const inode = ws.inodes("a")["inbox/report.pdf"];

    ws.write("b/archive/.keep", "");
    renameSync(ws.path("b/inbox/report.pdf"), ws.path("b/archive/2024 report.pdf"));
    const result = await ws.run("sync");
    expect(result).toEqual({ code: 0, stdout: "p/root: created 1 in a, renamed 1 in a\n", stderr: "" });
    expect(ws.inodes("a")["archive/2024 report.pdf"]).toBe(inode);
    expect(ws.list("a/inbox")).toEqual(["other.txt"]);
    expect(ws.tree("a")).toEqual(ws.tree("b"));
  });

  it("files moved out of their folders, leaving them empty, and into an empty folder, cross in one run", async () => {
    const folders = Array.from({ length: 12 }, (_, n) => `f${n}`);
    for (const folder of folders) ws.write(`a/${folder}/file.txt`, `in ${folder}\n`);
    ws.write("a/loose.txt", "loose\n");
    mkdirSync(ws.path("a/empty"));
    clean(await ws.run("sync"));
    for (const folder of folders) renameSync(ws.path(`a/${folder}/file.txt`), ws.path(`a/${folder}.txt`));
    renameSync(ws.path("a/loose.txt"), ws.path("a/empty/loose.txt"));
    const result = await ws.run("sync");
    expect(result).toEqual({
      code: 0,
      stdout: "p/root: created 12 in b, deleted 1 in b, renamed 13 in b\n",
      stderr: "",
    });
    expect(ws.tree("b")).toEqual(ws.tree("a"));
    expect(ws.list("b/f3")).toEqual([]);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
