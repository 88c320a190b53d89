/**
 * Where a backup set's work folders land on its disks, and where the status of each pair of
 * folders is kept. One work folder is copied to the root of each backup folder, as an rsync of
 * it would be; several are copied each into a folder of its own name, so that none can mix with
 * another (the config refuses two work folders of the same name).
 * @module
 */
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { BackupConfig, Config } from "../config/index.js";
import { ConfigError } from "../errors/index.js";

export interface WorkTree {
  /** The work folder. */
  readonly work: string;
  /** Its folder on each disk, relative to the backup folder: "" for a set with one work folder. */
  readonly onDisk: string;
}

export function workTrees(set: BackupConfig): WorkTree[] {
  return set.work.map((work) => ({ work, onDisk: set.work.length === 1 ? "" : basename(work) }));
}

/** A work tree's folder on the disk whose backup folder is `disk`. */
export const treeOnDisk = (disk: string, tree: WorkTree): string =>
  tree.onDisk === "" ? disk : join(disk, tree.onDisk);

/**
 * The status of a pair of folders: between a work tree and a disk, or between two disks for a
 * transfer. Disks are named by the id in their mark, so a disk mounted elsewhere keeps its status.
 */
export function backupStatusFile(
  config: Config,
  set: string,
  tree: WorkTree,
  disk: { readonly id: string; readonly from?: string },
): string {
  const pair = disk.from === undefined ? disk.id : `${disk.from}-to-${disk.id}`;
  const own = tree.onDisk === "" ? "" : `.${tree.onDisk}`;
  return join(config.statusPath, "backups", `${set}.${pair}${own}.sqlite`);
}

/** The set named on the command line. */
export function backupSet(config: Config, name: string): BackupConfig {
  const set = config.backups.get(name);
  if (set) return set;
  const known = [...config.backups.keys()].join(", ") || "none";
  throw new ConfigError(`${config.file}: no backup set named ${name} (backup sets: ${known})`, {
    file: config.file,
  });
}

/** The backup folder `argument` names: one of the set's, by its path or its position from 1. */
export function namedDisk(set: BackupConfig, argument: string): string {
  const path = resolve(argument);
  const byNumber = /^\d+$/.test(argument) ? set.backups[Number(argument) - 1] : undefined;
  const found = byNumber ?? set.backups.find((disk) => disk === path);
  if (found !== undefined) return found;
  throw new ConfigError(
    `backup set ${set.name} has no backup folder ${argument} (it has: ${set.backups.join(", ")})`,
    {},
  );
}

/**
 * What PATHS name, by work tree: each path relative to the tree, whether it was given inside the
 * work folder or inside a backup folder. Trees no path falls in are left out; no paths: all.
 */
export function scopeOf(set: BackupConfig, paths: readonly string[]): Map<WorkTree, string[] | undefined> {
  const trees = workTrees(set);
  if (paths.length === 0) return new Map(trees.map((tree) => [tree, undefined]));
  const scope = new Map<WorkTree, string[]>();
  for (const given of paths) {
    const path = resolve(given);
    const found = trees.flatMap((tree) =>
      [tree.work, ...set.backups.map((disk) => treeOnDisk(disk, tree))].flatMap((root) => {
        const inside = relative(root, path);
        const within = !isAbsolute(inside) && inside !== ".." && !inside.startsWith(`..${sep}`);
        return within ? [{ tree, inside: inside.split(sep).join("/") }] : [];
      }),
    )[0];
    if (!found) {
      throw new ConfigError(
        `${given} is inside neither a work folder nor a backup folder of backup set ${set.name}`,
        {},
      );
    }
    scope.set(found.tree, [...(scope.get(found.tree) ?? []), found.inside]);
  }
  return scope;
}
