/**
 * A backup killed while overwriting a large file leaves the old or the new file, never a torn
 * one, and the next run completes it; a disk too small for what it is to receive is refused
 * whole, saying how much is missing. The small disk is a real file system: a tmpfs of 256 KiB,
 * mounted in a mount namespace of the test's own (`unshare`), so it needs no privilege and
 * leaves nothing mounted.
 */
import { execFile } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { afterEach, beforeEach, expect, it } from "vitest";
import { BackupWorkspace } from "../support/backups.js";
import { concordCommandLine, startConcord } from "../support/concord.js";
import { clean, killDuringCopy, sha256, sparseFile } from "../support/trees.js";

let ws: BackupWorkspace;
beforeEach(() => {
  ws = new BackupWorkspace({ backups: ["disk1"] });
});
afterEach(() => ws.dispose());

const mib = 1024 * 1024;
const kib = 1024;

it("killed while overwriting a large file: the disk holds the old or the new file, and the next run completes", async () => {
  const size = 96 * mib;
  sparseFile(ws.path("work/disk.img"), size, { 0: "version 1", [size - 9]: "version 1" });
  await ws.init("disk1");
  clean(await ws.backup());
  const old = await sha256(ws.path("disk1/disk.img"));
  sparseFile(ws.path("work/disk.img"), size, {
    0: "version 2",
    [size / 2]: "changed",
    [size - 9]: "version 2",
  });

  const run = startConcord(["-c", ws.path("config.toml"), "backup", "photos", "-m"], { env: ws.env });
  await killDuringCopy(run, ws.path("disk1"), 4 * mib);
  expect(statSync(ws.path("disk1/disk.img")).size).toBe(size);
  const fresh = await sha256(ws.path("work/disk.img"));
  expect([old, fresh]).toContain(await sha256(ws.path("disk1/disk.img")));

  clean(await ws.backup("-m"));
  expect(await sha256(ws.path("disk1/disk.img"))).toBe(fresh);
  expect(clean(await ws.backup()).stdout).toBe("");
}, 60_000);

/** Runs `script` (sh) with a 256 KiB tmpfs mounted on the disk's folder, in a private mount namespace. */
async function onSmallDisk(script: string): Promise<{ stdout: string; stderr: string }> {
  const mount = `mount -t tmpfs -o size=256k tmpfs ${JSON.stringify(ws.path("disk1"))}`;
  try {
    return await promisify(execFile)(
      "unshare",
      ["--map-root-user", "--mount", "sh", "-c", `${mount} && ${script}`],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
    );
  } catch (error) {
    // A failing command's output is the test's evidence.
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { stdout, stderr };
  }
}

it("a disk that would fill up is refused whole, saying how much is missing", async () => {
  mkdirSync(ws.path("disk1"));
  ws.write("work/small.txt", "small\n");
  ws.write("work/big.bin", "x".repeat(200 * kib));
  ws.write("work/bigger.bin", "y".repeat(100 * kib));
  const concord = (...args: string[]) => concordCommandLine(["-c", ws.path("config.toml"), ...args]);
  const disk = JSON.stringify(ws.path("disk1"));
  const result = await onSmallDisk(
    [
      `${concord("backup", "photos", "--init", ws.path("disk1"))} >/dev/null`,
      `${concord("backup", "photos")}; echo "exit $?"; echo ===; ls -A ${disk}; echo ===`,
      // What fits goes once it is alone.
      `${concord("backup", "photos", ws.path("work/small.txt"), ws.path("work/big.bin"))}; echo "exit $?"`,
      `echo ===; ls -A ${disk}`,
    ].join("; "),
  );
  // 4 KiB pages: the three files take 311,296 bytes; the marker's page leaves 258,048 free.
  expect(result.stderr).toBe(
    `${ws.path("disk1")}: refused: needs 311.3 kB and has 258.0 kB free; 53.2 kB missing. Nothing was copied.\n`,
  );
  const [refused, afterRefusal, fitting, afterFitting] = result.stdout.split("===\n");
  expect(refused).toBe(
    ["big.bin", "bigger.bin", "small.txt"]
      .map((name) => `${ws.path("disk1")}: would copy ${name}\n`)
      .join("") + "exit 1\n",
  );
  expect(afterRefusal).toBe(".concord-id\n");
  expect(fitting).toBe(
    `${ws.path("disk1")}: copied big.bin\n${ws.path("disk1")}: copied small.txt\nexit 0\n`,
  );
  expect(afterFitting).toBe(".concord-id\nbig.bin\nsmall.txt\n");
});
