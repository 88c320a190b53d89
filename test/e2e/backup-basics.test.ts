/**
 * `concord backup`: disks marked with --init receive what work holds, never lose anything, and
 * are refused by name when they are not there, not initialised or another set's.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackupWorkspace } from "../support/backups.js";
import { concordOnTerminal } from "../support/concord.js";
import { clean, fileMode, folderMode } from "../support/trees.js";

let ws: BackupWorkspace;
beforeEach(() => {
  ws = new BackupWorkspace();
});
afterEach(() => ws.dispose());

describe("concord backup", () => {
  it("copies work to every initialised disk, lists what is new, and skips the ignored", async () => {
    ws.configure({ extra: 'ignore = ["*.tmp"]' });
    ws.write("work/a.txt", "a\n");
    ws.write("work/trip/b.jpg", "b\n");
    ws.write("work/scratch.tmp", "t\n");
    await ws.init("disk1");
    await ws.init("disk2");

    const result = clean(await ws.backup());
    for (const disk of ["disk1", "disk2"]) {
      expect(result.stdout).toContain(`${ws.path(disk)}: copied a.txt\n`);
      expect(result.stdout).toContain(`${ws.path(disk)}: copied trip/b.jpg\n`);
      expect(ws.tree(disk)).toEqual({
        "a.txt": `${fileMode} a\n`,
        "trip/": `folder ${folderMode}`,
        "trip/b.jpg": `${fileMode} b\n`,
      });
    }
    // Nothing new: nothing listed.
    expect(clean(await ws.backup()).stdout).toBe("");
  });

  it("never deletes on a disk, and copies again what a disk lost", async () => {
    ws.write("work/keep.txt", "k\n");
    ws.write("work/gone.txt", "g\n");
    await ws.init("disk1");
    clean(await ws.backup());
    rmSync(ws.path("work/gone.txt"));
    rmSync(ws.path("disk1/keep.txt"));
    const result = clean(await ws.backup());
    expect(result.stdout).toBe(`${ws.path("disk1")}: copied keep.txt\n`);
    expect(Object.keys(ws.tree("disk1")).sort()).toEqual(["gone.txt", "keep.txt"]);
  });

  it("names and skips a disk that is absent, an empty mount point, uninitialised or another set's", async () => {
    ws.configure({ backups: ["disk1", "disk2", "disk3", "disk4", "disk5"] });
    ws.write("work/a.txt", "a\n");
    await ws.init("disk1");
    mkdirSync(ws.path("disk3")); // an empty mount point
    ws.write("disk4/old.txt", "o\n"); // a folder never initialised
    ws.write("disk5/.concord-id", 'concord backup "music" 0d8f1a52-4a3c-4e4b-9b1e-3f0e6f1c2a7d\n');

    const result = await ws.backup();
    expect(result.code).toBe(0); // one disk was written
    expect(result.stderr).toContain(
      `${ws.path("disk2")}: skipped: ${ws.path("disk2")} does not exist (is the disk plugged in?)`,
    );
    expect(result.stderr).toContain(
      `${ws.path("disk3")}: skipped: ${ws.path("disk3")} is empty (an unplugged disk's mount point?)`,
    );
    expect(result.stderr).toContain(
      `${ws.path("disk4")}: skipped: ${ws.path("disk4")} was never initialised as a backup of photos`,
    );
    expect(result.stderr).toContain(
      `${ws.path("disk5")}: skipped: ${ws.path("disk5")} is a backup of "music", not of photos`,
    );
    expect(ws.list("disk2")).toEqual([]);
    expect(ws.list("disk3")).toEqual([]);
    expect(ws.list("disk4")).toEqual(["old.txt"]);
    expect(ws.list("disk5")).toEqual([".concord-id"]);
    expect(ws.list("disk1")).toEqual([".concord-id", "a.txt"]);
  });

  it("an unplugged disk is never read as everything deleted: plugged in again, it is completed", async () => {
    ws.write("work/a.txt", "a\n");
    await ws.init("disk1");
    clean(await ws.backup());
    // Unplugged: the mount point is empty.
    renameSync(ws.path("disk1"), ws.path("unplugged"));
    mkdirSync(ws.path("disk1"));
    ws.write("work/b.txt", "b\n");
    const result = await ws.backup();
    expect(result.code).toBe(1); // no disk at all
    expect(result.stderr).toContain("is empty (an unplugged disk's mount point?)");
    expect(ws.list("disk1")).toEqual([]);
    // Plugged in again.
    rmSync(ws.path("disk1"), { recursive: true });
    renameSync(ws.path("unplugged"), ws.path("disk1"));
    expect(clean(await ws.backup()).stdout).toBe(`${ws.path("disk1")}: copied b.txt\n`);
    expect(ws.list("disk1")).toEqual([".concord-id", "a.txt", "b.txt"]);
  });

  it("refuses --init on a folder marked for another set or as a synchronised tree", async () => {
    ws.write("disk1/.concord-id", 'concord backup "music" 0d8f1a52-4a3c-4e4b-9b1e-3f0e6f1c2a7d\n');
    ws.write("disk2/.concord-id", "0d8f1a52-4a3c-4e4b-9b1e-3f0e6f1c2a7d\n");
    const other = await ws.backup("--init", ws.path("disk1"));
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`${ws.path("disk1")} is already a backup of "music", not of photos`);
    const tree = await ws.backup("--init", ws.path("disk2"));
    expect(tree.stderr).toContain(`${ws.path("disk2")} carries the mark of a synchronised tree`);
    const unknown = await ws.backup("--init", ws.path("elsewhere"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`backup set photos has no backup folder ${ws.path("elsewhere")}`);
  });

  it("asks nothing without a terminal: a file modified in work waits for -m, and is listed", async () => {
    ws.write("work/a.txt", "first\n");
    await ws.init("disk1");
    clean(await ws.backup());
    ws.write("work/a.txt", "second\n");
    const waiting = await ws.runWithInput(null, "backup", "photos");
    expect(waiting.code).toBe(1);
    expect(waiting.stderr).toContain(
      `${ws.path("disk1")}: a.txt: changed in work since the last copy; waits for -m`,
    );
    expect(ws.read("disk1/a.txt")).toBe("first\n");

    const forced = clean(await ws.backup("-m"));
    expect(forced.stdout).toContain("overwrote a.txt: changed in work since the last copy");
    expect(ws.read("disk1/a.txt")).toBe("second\n");
  });

  it("never overwrites silently a file edited on the disk", async () => {
    ws.write("work/a.txt", "work\n");
    await ws.init("disk1");
    clean(await ws.backup());
    writeFileSync(ws.path("disk1/a.txt"), "edited on the disk\n");
    const result = await ws.backup();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("a.txt: changed on the disk since the last copy; waits for -m");
    expect(ws.read("disk1/a.txt")).toBe("edited on the disk\n");
  });

  it("a file that differs on a disk filled by other means waits for -m", async () => {
    ws.write("work/a.txt", "work\n");
    ws.write("disk1/a.txt", "older copy\n");
    ws.write("disk1/only-here.txt", "kept\n");
    await ws.init("disk1");
    const result = await ws.backup();
    expect(result.stderr).toContain(
      "a.txt: differs on the disk from the copy in work (never copied by concord); waits for -m",
    );
    expect(ws.read("disk1/a.txt")).toBe("older copy\n");
    clean(await ws.backup("-m"));
    expect(ws.read("disk1/a.txt")).toBe("work\n");
    expect(ws.read("disk1/only-here.txt")).toBe("kept\n");
  });

  it("asks on a terminal before overwriting, and overwrites on yes", async () => {
    ws.write("work/a.txt", "first\n");
    await ws.init("disk1");
    clean(await ws.backup());
    ws.write("work/a.txt", "second\n");
    const result = await concordOnTerminal(
      ["-c", ws.path("config.toml"), "backup", "photos"],
      "y\r",
      /Overwrite these 1 files on .*\? \[y\/N\] /,
    );
    expect(result.stdout).toContain("a.txt: changed in work since the last copy");
    expect(result.code).toBe(0);
    expect(ws.read("disk1/a.txt")).toBe("second\n");
  });

  it("shows on a terminal the files and bytes each disk received", async () => {
    ws.write("work/a.txt", "a".repeat(600_000));
    ws.write("work/b.txt", "b".repeat(400_000));
    await ws.init("disk1");
    await ws.init("disk2");
    const result = await concordOnTerminal(["-c", ws.path("config.toml"), "backup", "photos"], "", /^$/);
    expect(result.code).toBe(0);
    const done = (disk: string) => `${ws.path(disk)}: 2 of 2 items, 1.0 MB of 1.0 MB`;
    expect(result.stdout).toContain(`${done("disk1")}; ${done("disk2")}`);
  });

  it("--dry-run says what each disk would receive and writes nothing", async () => {
    ws.write("work/a.txt", "a\n");
    await ws.init("disk1");
    await ws.init("disk2");
    const result = await ws.backup("--dry-run");
    expect(result.stdout).toBe(
      `${ws.path("disk1")}: would copy a.txt\n${ws.path("disk2")}: would copy a.txt\n`,
    );
    expect(ws.list("disk1")).toEqual([".concord-id"]);
    expect(ws.list("status/backups")).toEqual([]);
  });

  it("PATHS inside work or inside a backup copy only those", async () => {
    ws.write("work/trip/a.jpg", "a\n");
    ws.write("work/trip/b.jpg", "b\n");
    ws.write("work/home/c.jpg", "c\n");
    await ws.init("disk1");
    clean(await ws.backup(ws.path("work/trip/a.jpg")));
    expect(Object.keys(ws.tree("disk1"))).toEqual(["trip/", "trip/a.jpg"]);
    clean(await ws.backup(ws.path("disk1/home")));
    expect(Object.keys(ws.tree("disk1")).sort()).toEqual(["home/", "home/c.jpg", "trip/", "trip/a.jpg"]);
    const outside = await ws.backup(ws.path("elsewhere"));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain(
      "is inside neither a work folder nor a backup folder of backup set photos",
    );
  });

  it("several work folders go each into a folder of its name on the disk", async () => {
    ws.configure({ work: ["Pictures", "Projects"], backups: ["disk1"] });
    mkdirSync(ws.path("Pictures"));
    mkdirSync(ws.path("Projects"));
    ws.write("Pictures/p.jpg", "p\n");
    ws.write("Projects/q.txt", "q\n");
    await ws.init("disk1");
    clean(await ws.backup());
    expect(ws.read("disk1/Pictures/p.jpg")).toBe("p\n");
    expect(ws.read("disk1/Projects/q.txt")).toBe("q\n");
  });
});
