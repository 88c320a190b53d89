/**
 * `concord backup`: a set's work folders copied to every backup disk that is plugged in, or one
 * disk's copy to another (`--from --to`); `--init` marks a disk. Each (work folder, disk) is a
 * one-way pair that never deletes; the work folders are listed and read once for all disks.
 * @module
 */
import type { BackupConfig, Config } from "../config/index.js";
import { copyTree, type Decisions, type TreeCopy } from "../backup/copy-tree.js";
import { diskState, type DiskMark, initDisk } from "../backup/disk-mark.js";
import {
  backupSet,
  backupStatusFile,
  namedDisk,
  scopeOf,
  treeOnDisk,
  type WorkTree,
} from "../backup/layout.js";
import type { Overwrite } from "../backup/sort-plan.js";
import { openTree, type TreeSide } from "../backup/tree-pair.js";
import type { Applied } from "../engine/execute.js";
import type { Plan } from "../engine/plan.js";
import { SharedSide } from "../engine/shared-side.js";
import { eachTree, type TreeError } from "../backup/each-tree.js";

/** One disk's part of a run. */
export interface DiskRun {
  /** The backup folder. */
  readonly disk: string;
  /** Why it was skipped: unplugged, never initialised, another set's. */
  readonly unavailable?: string;
  /** One per work folder (within PATHS). */
  readonly trees: readonly TreeCopy[];
  /** Work folders that could not be copied at all, and why. */
  readonly errors: readonly TreeError[];
}

export interface BackupResult {
  readonly set: string;
  readonly disks: readonly DiskRun[];
}

/** What a run copies and what it asks. */
export interface CopyOptions {
  readonly config: Config;
  readonly set: string;
  /** Files or folders inside a work folder or a backup folder; everything when empty. */
  readonly paths?: readonly string[];
  readonly dryRun?: boolean;
  /** `-m`: overwrite what differs without asking. */
  readonly overwrite?: boolean;
  /** Asked, when given, whether to overwrite these files on `disk`; otherwise they wait. */
  readonly confirmOverwrites?: (disk: string, overwrites: readonly Overwrite[]) => Promise<boolean>;
  readonly signal?: AbortSignal;
  /** Told each disk's plan for a work folder before it is applied (a progress bar's totals). */
  readonly onPlanned?: (disk: string, plan: Plan) => void;
  readonly onApplied?: (disk: string, applied: Applied) => void;
}

/** `concord backup SET --init FOLDER`: marks a folder as a backup disk of the set. */
export async function initBackupDisk(options: {
  readonly config: Config;
  readonly set: string;
  readonly disk: string;
}): Promise<{ readonly disk: string; readonly mark: DiskMark; readonly made: boolean }> {
  const set = backupSet(options.config, options.set);
  const disk = namedDisk(set, options.disk);
  return { disk, ...(await initDisk(set.name, disk)) };
}

/** `concord backup SET [PATHS...]`: every plugged-in disk receives what it lacks. */
export async function backup(options: CopyOptions): Promise<BackupResult> {
  const set = backupSet(options.config, options.set);
  const scope = scopeOf(set, options.paths ?? []);
  // One listing and one reading of each work folder, whatever the number of disks.
  const shared = new Map(
    [...scope.keys()].map((tree) => [
      tree,
      new SharedSide(openTree({ name: tree.work, root: tree.work, readOnly: true }, set.ignore)),
    ]),
  );
  // The disks are written at once: each waits on its own writes, not on the other's.
  const disks = await Promise.all(
    set.backups.map(async (disk): Promise<DiskRun> => {
      const state = await diskState(set.name, disk);
      if (state.kind === "unavailable") return unavailable(disk, state.why);
      return copyToDisk(options, set, disk, scope, (tree) => ({
        statusFile: backupStatusFile(options.config, set.name, tree, { id: state.id }),
        a: { name: tree.work, root: tree.work, readOnly: true, shared: shared.get(tree) },
      }));
    }),
  );
  return { set: set.name, disks };
}

/** `concord backup SET --from DISK --to DISK`: one disk's copy carried to another. */
export async function transfer(
  options: CopyOptions & { readonly from: string; readonly to: string },
): Promise<BackupResult> {
  const set = backupSet(options.config, options.set);
  const scope = scopeOf(set, options.paths ?? []);
  const [from, to] = [namedDisk(set, options.from), namedDisk(set, options.to)];
  const [source, target] = await Promise.all([diskState(set.name, from), diskState(set.name, to)]);
  if (source.kind === "unavailable")
    return { set: set.name, disks: [unavailable(to, `the source ${source.why}`)] };
  if (target.kind === "unavailable") return { set: set.name, disks: [unavailable(to, target.why)] };
  const run = await copyToDisk(options, set, to, scope, (tree) => ({
    statusFile: backupStatusFile(options.config, set.name, tree, { from: source.id, id: target.id }),
    a: { name: from, root: treeOnDisk(from, tree), readOnly: true },
  }));
  return { set: set.name, disks: [run] };
}

const unavailable = (disk: string, why: string): DiskRun => ({
  disk,
  unavailable: why,
  trees: [],
  errors: [],
});

/** Copies every work folder in scope to `disk`, from the source `sourceOf` gives for each. */
async function copyToDisk(
  options: CopyOptions,
  set: BackupConfig,
  disk: string,
  scope: ReadonlyMap<WorkTree, readonly string[] | undefined>,
  sourceOf: (tree: WorkTree) => { readonly statusFile: string; readonly a: TreeSide },
): Promise<DiskRun> {
  const context = {
    caller: "concord.backup",
    doing: (tree: WorkTree) => `backing up ${tree.work} to ${disk}`,
    signal: options.signal,
  };
  const { results, errors } = await eachTree(scope, context, (tree, paths) =>
    copyTree({
      ...sourceOf(tree),
      b: { name: disk, root: treeOnDisk(disk, tree), readOnly: false },
      ignore: set.ignore,
      from: "a",
      onDelete: "skip",
      dryRun: options.dryRun ?? false,
      scope: paths,
      decisions: overwriteDecisions(options, disk),
      signal: options.signal,
      onPlanned: (plan) => options.onPlanned?.(disk, plan),
      onApplied: (applied) => options.onApplied?.(disk, applied),
    }),
  );
  return { disk, trees: results, errors };
}

/**
 * A backup overwrites what differs with `-m` or a yes, and never what looks damaged on the disk
 * (same modification time, other content): `--verify --repair` deals with that, from a copy
 * known to be good. It never deletes.
 */
function overwriteDecisions(options: CopyOptions, disk: string): Decisions {
  return {
    async overwrites(waiting) {
      const allowed = waiting.filter((overwrite) => overwrite.reason !== "target damaged");
      if (allowed.length === 0) return [];
      if (options.overwrite) return allowed;
      if (options.dryRun || !options.confirmOverwrites) return [];
      return (await options.confirmOverwrites(disk, allowed)) ? allowed : [];
    },
    deletions: async () => [],
  };
}
