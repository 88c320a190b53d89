/**
 * `concord backup SET --status`: per disk, whether it is plugged in, when it was last written,
 * what it lacks (files and bytes), what waits for `-m`, and its free space. What it lacks is
 * what a dry run of the backup would copy, so it is counted exactly as a backup would count it.
 * @module
 */
import { statfs } from "node:fs/promises";
import type { Config } from "../config/index.js";
import { diskState } from "../backup/disk-mark.js";
import { backupSet, backupStatusFile, workTrees } from "../backup/layout.js";
import { readStatusAt } from "./open.js";
import { backup } from "./backup.js";

export interface DiskStatus {
  readonly disk: string;
  readonly unavailable?: string;
  /** When a backup last wrote to it (ms since the epoch), if ever. */
  readonly lastWrittenAt?: number;
  /** Files and bytes the disk lacks. */
  readonly lacking: { readonly files: number; readonly bytes: number };
  /** Files that differ from work and wait for `-m` (or for `--verify --repair`, when damaged). */
  readonly waiting: number;
  /** Bytes free on the disk. */
  readonly free?: number;
}

export interface BackupStatusResult {
  readonly set: string;
  readonly disks: readonly DiskStatus[];
}

export async function backupStatus(options: {
  readonly config: Config;
  readonly set: string;
  readonly signal?: AbortSignal;
}): Promise<BackupStatusResult> {
  const { config } = options;
  const set = backupSet(config, options.set);
  const planned = await backup({ config, set: set.name, dryRun: true, signal: options.signal });
  const disks: DiskStatus[] = [];
  for (const run of planned.disks) {
    const none = { lacking: { files: 0, bytes: 0 }, waiting: 0 };
    if (run.unavailable !== undefined) {
      disks.push({ disk: run.disk, unavailable: run.unavailable, ...none });
      continue;
    }
    const state = await diskState(set.name, run.disk);
    const lastWrittenAt =
      state.kind === "ready" ? lastWritten(config, set.name, workTrees(set), state.id) : undefined;
    disks.push({
      disk: run.disk,
      lastWrittenAt,
      lacking: {
        files: run.trees.reduce((sum, tree) => sum + tree.sorted.copies.length, 0),
        bytes: run.trees.reduce((sum, tree) => sum + (tree.space?.bytes ?? 0), 0),
      },
      waiting: run.trees.reduce((sum, tree) => sum + tree.waiting.overwrites.length, 0),
      free: run.trees[0]?.space?.free,
    });
  }
  return { set: set.name, disks };
}

/** A disk as `concord status` shows it: from its mark and the status alone, reading no file. */
export interface DiskOverview {
  readonly disk: string;
  readonly unavailable?: string;
  readonly lastWrittenAt?: number;
  /** Files the status records on the disk. */
  readonly files: number;
  readonly free?: number;
}

/** Every backup set's disks, for `concord status`. */
export async function backupOverview(config: Config): Promise<{ set: string; disks: DiskOverview[] }[]> {
  return Promise.all(
    [...config.backups.values()].map(async (set) => ({
      set: set.name,
      disks: await Promise.all(
        set.backups.map(async (disk): Promise<DiskOverview> => {
          const state = await diskState(set.name, disk);
          if (state.kind === "unavailable") return { disk, unavailable: state.why, files: 0 };
          const trees = workTrees(set);
          const files = trees.reduce(
            (sum, tree) =>
              sum +
              (readStatusAt(backupStatusFile(config, set.name, tree, { id: state.id }), (status) =>
                status.collections().reduce((count, record) => count + status.sideCounts(record.key).b, 0),
              ) ?? 0),
            0,
          );
          const { bavail, bsize } = await statfs(disk);
          return {
            disk,
            lastWrittenAt: lastWritten(config, set.name, trees, state.id),
            files,
            free: bavail * bsize,
          };
        }),
      ),
    })),
  );
}

/** The latest run that wrote any of the set's work folders to the disk. */
function lastWritten(
  config: Config,
  set: string,
  trees: ReturnType<typeof workTrees>,
  id: string,
): number | undefined {
  const times = trees.flatMap(
    (tree) =>
      readStatusAt(backupStatusFile(config, set, tree, { id }), (status) =>
        status.collections().flatMap((record) => record.lastSyncAt ?? []),
      ) ?? [],
  );
  return times.length > 0 ? Math.max(...times) : undefined;
}
