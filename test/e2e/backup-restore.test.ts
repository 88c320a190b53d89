/**
 * `concord restore`: files brought back from a backup disk; what differs waits for -m, what work
 * holds alone is deleted only with -d (asked) or -D; --tree makes the folders only.
 */
import { mkdirSync, rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackupWorkspace } from "../support/backups.js";
import { concordOnTerminal } from "../support/concord.js";
import { clean } from "../support/trees.js";

let ws: BackupWorkspace;
beforeEach(async () => {
  ws = new BackupWorkspace();
  ws.write("work/a.txt", "a\n");
  ws.write("work/trip/b.jpg", "b\n");
  await ws.init("disk1");
  clean(await ws.backup());
});
afterEach(() => ws.dispose());

describe("concord restore", () => {
  it("brings back what work lost, from the one disk plugged in", async () => {
    rmSync(ws.path("work"), { recursive: true });
    const result = clean(await ws.restore());
    expect(result.stdout).toContain(`${ws.path("work")}: copied a.txt\n`);
    expect(ws.read("work/a.txt")).toBe("a\n");
    expect(ws.read("work/trip/b.jpg")).toBe("b\n");
  });

  it("a file modified in work is overwritten only with -m", async () => {
    ws.write("work/a.txt", "modified\n");
    const waiting = await ws.restore();
    expect(waiting.code).toBe(1);
    expect(waiting.stderr).toContain("a.txt: changed in work since the last copy; waits for -m");
    expect(ws.read("work/a.txt")).toBe("modified\n");
    clean(await ws.restore("-m"));
    expect(ws.read("work/a.txt")).toBe("a\n");
  });

  it("files in work that the disk lacks are listed, deleted with -D, and with -d only on a yes", async () => {
    ws.write("work/new.txt", "n\n");
    ws.write("work/other.txt", "o\n");
    const listed = await ws.restore();
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain("new.txt: in work, not on the disk; deleted only with -d or -D");
    expect(ws.list("work")).toContain("new.txt");

    // -d without a terminal asks nothing and deletes nothing.
    expect((await ws.restore("-d")).code).toBe(1);
    expect(ws.list("work")).toContain("new.txt");

    const asked = await concordOnTerminal(
      ["-c", ws.path("config.toml"), "restore", "photos", "-d", ws.path("work/new.txt")],
      "y\r",
      /Delete these 1 files in work\? \[y\/N\] /,
    );
    expect(asked.code).toBe(0);
    expect(ws.list("work")).not.toContain("new.txt");
    expect(ws.list("work")).toContain("other.txt");

    clean(await ws.restore("-D"));
    expect(ws.list("work")).toEqual(["a.txt", "trip"]);
  });

  it("with several disks plugged in, it needs --from (no terminal to ask)", async () => {
    await ws.init("disk2");
    clean(await ws.backup());
    rmSync(ws.path("work/a.txt"));
    const refused = await ws.restore();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("several backup disks of photos are plugged in");
    expect(ws.list("work")).toEqual(["trip"]);
    clean(await ws.restore("--from", ws.path("disk2")));
    expect(ws.read("work/a.txt")).toBe("a\n");

    // On a terminal, it asks.
    rmSync(ws.path("work/a.txt"));
    const asked = await concordOnTerminal(
      ["-c", ws.path("config.toml"), "restore", "photos"],
      "2\r",
      /Restore from which disk\? \[1-2\] /,
    );
    expect(asked.stdout).toContain(`2. ${ws.path("disk2")}`);
    expect(asked.stdout).toContain(`${ws.path("work")}: copied a.txt`);
    expect(asked.code).toBe(0);
    expect(ws.read("work/a.txt")).toBe("a\n");
  });

  it("--tree makes the folders without the files; --dry-run changes nothing", async () => {
    ws.write("work/deep/er/c.txt", "c\n");
    clean(await ws.backup());
    rmSync(ws.path("work"), { recursive: true });
    mkdirSync(ws.path("work"));
    expect((await ws.restore("--dry-run")).stdout).toContain("would copy a.txt");
    expect(ws.list("work")).toEqual([]);
    const result = clean(await ws.restore("--tree"));
    expect(result.stdout).toContain(`made ${ws.path("work")}/deep/er/`);
    expect(ws.tree("work")).toEqual({
      "deep/": expect.stringMatching(/^folder/),
      "deep/er/": expect.stringMatching(/^folder/),
      "trip/": expect.stringMatching(/^folder/),
    });
  });
});
