/**
 * `concord restore SET [--from DISK] [PATHS...]`: files brought back from one backup disk to the
 * work folders, as the same pair a backup uses, run the other way: the work folder follows the
 * disk. What differs waits for `-m` or a yes; what work holds and the disk lacks is listed, and
 * deleted only with `-d` (asked) or `-D`. `--tree` makes the folders only.
 * @module
 */
import { copyTree, type Decisions } from "../backup/copy-tree.js";
import { diskState } from "../backup/disk-mark.js";
import { eachTree } from "../backup/each-tree.js";
import {
  backupSet,
  backupStatusFile,
  namedDisk,
  scopeOf,
  treeOnDisk,
  type WorkTree,
} from "../backup/layout.js";
import type { Delete, Overwrite } from "../backup/sort-plan.js";
import { copySkeleton } from "../backup/skeleton.js";
import type { BackupConfig } from "../config/index.js";
import { ConfigError, UnavailableError } from "../errors/index.js";
import type { CopyOptions, DiskRun } from "./backup.js";

export interface RestoreOptions extends Omit<CopyOptions, "confirmOverwrites"> {
  /** The disk to restore from; asked (`chooseDisk`) or the only one plugged in otherwise. */
  readonly from?: string;
  /** Asks which of several plugged-in disks to use; undefined: none chosen. */
  readonly chooseDisk?: (disks: readonly string[]) => Promise<string | undefined>;
  /** Asked, when given, whether to overwrite these work files. */
  readonly confirmOverwrites?: (overwrites: readonly Overwrite[]) => Promise<boolean>;
  /** What work holds and the disk lacks: kept ("keep"), deleted if the user agrees ("ask", -d), deleted ("delete", -D). */
  readonly extra?: "keep" | "ask" | "delete";
  readonly confirmDeletions?: (deletions: readonly Delete[]) => Promise<boolean>;
  /** Make the folders only. */
  readonly tree?: boolean;
}

export interface RestoreResult {
  readonly set: string;
  readonly disk: DiskRun;
  /** With `--tree`: the folders made in work (or that would be, in a dry run). */
  readonly folders?: readonly string[];
}

export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const set = backupSet(options.config, options.set);
  const scope = scopeOf(set, options.paths ?? []);
  const disk = await chooseDisk(set, options);
  const state = await diskState(set.name, disk);
  if (state.kind === "unavailable") {
    return { set: set.name, disk: { disk, unavailable: state.why, trees: [], errors: [] } };
  }
  const dryRun = options.dryRun ?? false;
  const context = {
    caller: "concord.restore",
    doing: (tree: WorkTree) => `restoring ${tree.work} from ${disk}`,
    signal: options.signal,
  };
  if (options.tree) {
    const { results, errors } = await eachTree(scope, context, async (tree, paths) => {
      const made = await copySkeleton({
        from: treeOnDisk(disk, tree),
        to: tree.work,
        ignore: set.ignore,
        scope: paths,
        dryRun,
      });
      return made.map((folder) => `${tree.work}/${folder}`);
    });
    return { set: set.name, disk: { disk, trees: [], errors }, folders: results.flat() };
  }
  const { results, errors } = await eachTree(scope, context, (tree, paths) =>
    copyTree({
      statusFile: backupStatusFile(options.config, set.name, tree, { id: state.id }),
      a: { name: tree.work, root: tree.work, readOnly: false },
      b: { name: disk, root: treeOnDisk(disk, tree), readOnly: true },
      ignore: set.ignore,
      from: "b",
      onDelete: "sync",
      dryRun,
      scope: paths,
      decisions: restoreDecisions(options),
      signal: options.signal,
      onPlanned: (plan) => options.onPlanned?.(disk, plan),
      onApplied: (applied) => options.onApplied?.(disk, applied),
    }),
  );
  return { set: set.name, disk: { disk, trees: results, errors } };
}

/** The disk named by `--from`, else the one plugged in, else the one the user chooses. */
async function chooseDisk(set: BackupConfig, options: RestoreOptions): Promise<string> {
  if (options.from !== undefined) return namedDisk(set, options.from);
  const states = await Promise.all(
    set.backups.map(async (disk) => ({ disk, state: await diskState(set.name, disk) })),
  );
  const ready = states.filter(({ state }) => state.kind === "ready").map(({ disk }) => disk);
  if (ready.length === 1) return ready[0] as string;
  if (ready.length === 0) {
    const why = states.map(({ disk, state }) => (state.kind === "unavailable" ? state.why : disk)).join("; ");
    throw new UnavailableError(`no backup disk of ${set.name} is available: ${why}`, { storage: set.name });
  }
  const chosen = await options.chooseDisk?.(ready);
  if (chosen !== undefined) return chosen;
  throw new ConfigError(
    `several backup disks of ${set.name} are plugged in (${ready.join(", ")}); name one with --from`,
    {},
  );
}

/**
 * Overwrites with -m or a yes; deletions with -D, or -d and a yes. A dry run asks nothing and
 * shows deletions as they would go with the flags given.
 */
function restoreDecisions(options: RestoreOptions): Decisions {
  const extra = options.extra ?? "keep";
  return {
    async overwrites(waiting) {
      if (waiting.length === 0 || options.overwrite) return waiting;
      if (options.dryRun || !options.confirmOverwrites) return [];
      return (await options.confirmOverwrites(waiting)) ? waiting : [];
    },
    async deletions(waiting) {
      if (waiting.length === 0 || extra === "delete" || (options.dryRun && extra === "ask")) return waiting;
      if (extra === "keep" || !options.confirmDeletions) return [];
      return (await options.confirmDeletions(waiting)) ? waiting : [];
    },
  };
}
