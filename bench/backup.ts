/**
 * The backup benchmark: a generated work folder backed up to two disks (two folders) at once by
 * `concord backup`, against `rsync -a` to each disk in turn, first onto empty disks and then
 * with nothing changed. concord lists and reads the work folder once for both disks; rsync reads
 * it once per disk. Each tool has its own copies; after every scenario each disk must hold what
 * the work folder holds.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { treeDifferences, writeTree } from "./files.js";
import { concordLauncher, measure, type Measurement } from "./measure.js";

export const backupToolNames = ["concord backup", "rsync -a to each"] as const;
export type BackupToolName = (typeof backupToolNames)[number];

export const backupScenarioNames = ["first backup", "nothing changed"] as const;
export type BackupScenarioName = (typeof backupScenarioNames)[number];

export interface BackupSample {
  readonly scenario: BackupScenarioName;
  readonly tool: BackupToolName;
  readonly measurement: Measurement;
}

export interface BackupRun {
  readonly samples: BackupSample[];
  /** Bytes in the generated work folder. */
  readonly bytes: number;
}

const diskNames = ["disk1", "disk2"] as const;

/** One tool with its own work folder (a copy of the generated one) and its own two disks. */
class BackupSetup {
  readonly root: string;
  readonly work: string;
  readonly disks: readonly string[];

  constructor(
    readonly tool: BackupToolName,
    scratch: string,
    master: string,
  ) {
    this.root = mkdtempSync(join(scratch, `${tool.split(" ")[0]}-`));
    this.work = join(this.root, "work");
    this.disks = diskNames.map((disk) => join(this.root, disk));
    // Not measured: the work folder is a copy of the generated tree, with its modification times.
    execFileSync("cp", ["-a", master, this.work]);
    if (tool === "concord backup") {
      const config = join(this.root, "config.toml");
      writeFileSync(
        config,
        `[general]\nstatus_path = "${join(this.root, "status")}"\n\n[backup.bench]\nwork = ["${this.work}"]\nbackups = [${this.disks.map((disk) => `"${disk}"`).join(", ")}]\n`,
      );
      for (const disk of this.disks) {
        execFileSync(process.execPath, [concordLauncher, "-c", config, "backup", "bench", "--init", disk]);
      }
    } else for (const disk of this.disks) mkdirSync(disk);
  }

  backup(): Promise<Measurement> {
    if (this.tool === "concord backup") {
      return measure(process.execPath, [
        concordLauncher,
        "-c",
        join(this.root, "config.toml"),
        "backup",
        "bench",
      ]);
    }
    return measure("sh", [
      "-c",
      'for disk in "$2" "$3"; do rsync -a "$1/" "$disk/" || exit; done',
      "sh",
      this.work,
      ...this.disks,
    ]);
  }

  /** Throws unless each disk holds the paths and bytes work holds (concord's `.concord-id` aside). */
  expectSame(scenario: BackupScenarioName): void {
    for (const disk of this.disks) {
      const lines = treeDifferences(this.work, disk);
      if (lines.length === 0) continue;
      throw new Error(
        `${this.tool}, ${scenario}: ${disk} differs from work in ${lines.length} ways, e.g. ${lines.slice(0, 5).join("; ")}`,
      );
    }
  }
}

export async function runBackup(n: number, reps: number, log: (line: string) => void): Promise<BackupRun> {
  const scratch = mkdtempSync(join(tmpdir(), "concord-bench-backup-"));
  try {
    const master = join(scratch, "tree");
    const { bytes } = writeTree(master, n);
    const run: BackupRun = { samples: [], bytes };
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? backupToolNames : [...backupToolNames].reverse();
      const setups = order.map((tool) => new BackupSetup(tool, scratch, master));
      for (const scenario of backupScenarioNames) {
        for (const setup of setups) {
          // What the tool before wrote and did not sync is not this one's to wait for.
          execFileSync("sync");
          const measurement = await setup.backup();
          run.samples.push({ scenario, tool: setup.tool, measurement });
          log(
            `backup n=${n} rep ${rep + 1}/${reps} ${scenario} ${setup.tool}: ${measurement.seconds.toFixed(2)} s, ${(measurement.rssKiB / 1024).toFixed(0)} MB`,
          );
        }
        for (const setup of setups) setup.expectSame(scenario);
      }
    }
    return run;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
