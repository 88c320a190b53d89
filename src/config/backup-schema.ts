/**
 * The `[backup.NAME]` tables: a set of working folders and the disks they are backed up to
 * (`concord backup`, `concord restore`). Paths are expanded by the loader, as storage paths are.
 * @module
 */
import { basename } from "node:path";
import { z } from "zod";
import { pathSchema } from "./common.js";
import type { Problem } from "./problem.js";

export interface BackupConfig {
  readonly name: string;
  /** The working folders: absolute, expanded. */
  readonly work: readonly string[];
  /** The backup folders, one per disk: absolute, expanded. */
  readonly backups: readonly string[];
  /** Paths left alone in work and on the disks, in .gitignore syntax. */
  readonly ignore: readonly string[];
}

export const backupSchema = z.strictObject({
  work: z
    .array(pathSchema)
    .min(1)
    .describe(
      "The working folders to back up. One folder is copied to the root of each backup folder; " +
        "several are copied each into a folder of its own name there (~/Pictures to DISK/Pictures), " +
        "so their names must differ.",
    ),
  backups: z
    .array(pathSchema)
    .min(1)
    .describe(
      "The backup folders, usually one per external disk (/media/disk1/photos). Each is written only " +
        "once `concord backup NAME --init FOLDER` has marked it, and only while that mark is there.",
    ),
  ignore: z
    .array(z.string())
    .default([])
    .describe('Paths never copied either way, in .gitignore syntax, such as "*.tmp" or "cache/".'),
});

/** Problems no single key shows: work folders sharing a name, a backup inside a work folder. */
export function checkBackupFolders(name: string, backup: Omit<BackupConfig, "name">): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  backup.work.forEach((folder, index) => {
    const own = basename(folder);
    const earlier = seen.get(own);
    if (backup.work.length > 1 && earlier !== undefined) {
      problems.push({
        path: ["backup", name, "work", index],
        text: `expected work folders with different names (each gets a folder of its name on the disks), got ${own} again (work[${earlier}])`,
      });
    }
    seen.set(own, index);
  });
  const inside = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);
  backup.backups.forEach((folder, index) => {
    const work = backup.work.find((root) => inside(folder, root) || inside(root, folder));
    if (work !== undefined) {
      problems.push({
        path: ["backup", name, "backups", index],
        text: `expected a folder outside the work folders, got ${folder}, which overlaps ${work}`,
      });
    }
  });
  return problems;
}
