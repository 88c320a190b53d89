/**
 * A disk filled from another (--from --to), read back to find rot (--verify, --repair), and
 * described (--status).
 */
import { writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackupWorkspace } from "../support/backups.js";
import { clean, fileMode } from "../support/trees.js";

let ws: BackupWorkspace;
beforeEach(() => {
  ws = new BackupWorkspace({ backups: ["disk1", "disk2", "disk3"] });
});
afterEach(() => ws.dispose());

describe("backup --from --to", () => {
  it("fills a new disk from an old one, without the work folder", async () => {
    ws.write("work/a.txt", "a\n");
    await ws.init("disk1");
    clean(await ws.backup());
    ws.write("work/a.txt", "changed in work, not yet backed up\n");
    await ws.init("disk3");
    const result = clean(await ws.backup("--from", ws.path("disk1"), "--to", ws.path("disk3")));
    expect(result.stdout).toBe(`${ws.path("disk3")}: copied a.txt\n`);
    expect(ws.read("disk3/a.txt")).toBe("a\n");
  });

  it("refuses a target that was never initialised", async () => {
    ws.write("work/a.txt", "a\n");
    await ws.init("disk1");
    clean(await ws.backup());
    const result = await ws.backup("--from", ws.path("disk1"), "--to", ws.path("disk3"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${ws.path("disk3")}: skipped: ${ws.path("disk3")} does not exist`);
  });
});

describe("backup --verify", () => {
  beforeEach(async () => {
    ws.write("work/photo.jpg", "original photo\n");
    ws.write("work/edited.txt", "as copied\n");
    await ws.init("disk1");
    await ws.init("disk2");
    clean(await ws.backup());
  });

  it("finds a file that rotted (same size and date, other content) and one edited on the disk", async () => {
    ws.rot("disk1/photo.jpg", "originaX photo\n");
    writeFileSync(ws.path("disk1/edited.txt"), "edited on the disk\n");
    const result = await ws.backup("--verify");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${ws.path("disk1")}: 2 files read, 2 not as copied`);
    expect(result.stdout).toContain(`${ws.path("disk2")}: 2 files read, all as copied`);
    expect(result.stderr).toContain(
      `${ws.path("disk1")}: photo.jpg: rotten (same size and date, other content)`,
    );
    expect(result.stderr).toContain(
      `${ws.path("disk1")}: edited.txt: changed on the disk since it was copied`,
    );
    // A plain backup does not take the rot for an edit to copy over, and says what to do.
    const backup = await ws.backup();
    expect(backup.stderr).toContain(
      'photo.jpg: damaged on the disk (same size and date as copied, other content); run "concord backup photos --verify --repair"',
    );
    expect(ws.read("disk1/photo.jpg")).toBe("originaX photo\n");
  });

  it("--repair rewrites a rotten file from work, or from another disk when work changed it", async () => {
    ws.rot("disk1/photo.jpg", "originaX photo\n");
    ws.rot("disk1/edited.txt", "as copieX\n");
    ws.write("work/photo.jpg", "retouched in work\n");
    const result = clean(await ws.backup("--verify", "--repair"));
    expect(result.stdout).toContain(
      `${ws.path("disk1")}: photo.jpg: rotten (same size and date, other content); repaired from ${ws.path("disk2")}`,
    );
    expect(result.stdout).toContain(
      `${ws.path("disk1")}: edited.txt: rotten (same size and date, other content); repaired from ${ws.path("work")}`,
    );
    expect(ws.tree("disk1")["photo.jpg"]).toBe(`${fileMode} original photo\n`);
    expect(ws.tree("disk1")["edited.txt"]).toBe(`${fileMode} as copied\n`);
    expect(clean(await ws.backup("--verify")).stdout).toContain(
      `${ws.path("disk1")}: 2 files read, all as copied`,
    );
  });
});

describe("backup --status", () => {
  it("says per disk when it was written, what it lacks, what waits and the free space", async () => {
    ws.write("work/a.txt", "a\n");
    await ws.init("disk1");
    clean(await ws.backup());
    ws.write("work/a.txt", "changed\n");
    ws.write("work/new.txt", "12345\n");
    const result = clean(await ws.backup("--status"));
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`${ws.path("disk1")}:`);
    expect(lines[1]).toMatch(/^ {2}last written: \d{4}-\d\d-\d\dT/);
    expect(lines[2]).toBe("  lacks: 1 files, 6 bytes");
    expect(lines[3]).toBe("  waiting for -m: 1 files");
    expect(lines[4]).toMatch(/^ {2}free: [\d.]+ [kMGT]B$/);
    expect(result.stdout).toContain(
      `${ws.path("disk2")}:\n  not available: ${ws.path("disk2")} does not exist`,
    );
    // It only looks.
    expect(ws.read("disk1/a.txt")).toBe("a\n");

    // `concord status` shows the disks from their marks and the status, reading no file.
    const overview = clean(await ws.run("status")).stdout.split("\n");
    expect(overview[0]).toBe("backup photos:");
    expect(overview[1]).toMatch(
      new RegExp(
        `^  ${ws.path("disk1")}: 1 file, last written \\d{4}-\\d\\d-\\d\\dT.*, [\\d.]+ [kMGT]B free$`,
      ),
    );
    expect(overview[2]).toBe(
      `  ${ws.path("disk2")}: not available: ${ws.path("disk2")} does not exist (is the disk plugged in?)`,
    );
  });
});
