/**
 * How backups, restores and transfers are reported: per disk, what it received (or would, with
 * --dry-run), what waits for a decision and why, and what could not be done.
 * @module
 */
import type { DiskRun } from "../api/backup.js";
import type { TreeCopy } from "../backup/copy-tree.js";
import { formatBytes } from "../backup/free-space.js";
import type { Overwrite } from "../backup/sort-plan.js";
import { isClean } from "../engine/report.js";
import { describeFailure } from "./describe-action.js";
import type { Output } from "./output.js";

/** Where the two ends of a copy are, in messages: "in work", "on the disk". */
export interface Ends {
  readonly source: string;
  readonly target: string;
}

/** Why an item waits, in words. */
export function describeOverwrite({ action, reason }: Overwrite, ends: Ends): string {
  switch (reason) {
    case "source changed":
      return `${action.ident}: changed ${ends.source} since the last copy`;
    case "never copied":
      return `${action.ident}: differs ${ends.target} from the copy ${ends.source} (never copied by concord)`;
    case "target changed":
      return `${action.ident}: changed ${ends.target} since the last copy`;
    case "target damaged":
      return `${action.ident}: damaged ${ends.target} (same size and date as copied, other content)`;
  }
}

export interface RenderOptions {
  readonly dryRun: boolean;
  readonly ends: Ends;
  /** The flag that lets overwrites through: "-m". */
  readonly overwriteFlag: string;
  /** What to run for damaged copies, if anything. */
  readonly repairHint?: string;
}

export function renderDisks(disks: readonly DiskRun[], options: RenderOptions, out: Output): void {
  for (const run of disks) {
    if (run.unavailable !== undefined) {
      out.problem(`${run.disk}: skipped: ${run.unavailable}`);
      continue;
    }
    for (const { folder, error } of run.errors)
      out.problem(`${run.disk}: ${folder}: error: ${error.message}`);
    for (const tree of run.trees) renderTree(tree, options, out);
  }
}

function renderTree(tree: TreeCopy, options: RenderOptions, out: Output): void {
  const { ends } = options;
  const at = tree.target;
  if (tree.report.error) {
    out.problem(`${at}: error: ${tree.report.error.message}`);
    return;
  }
  if (tree.full && tree.space) {
    const { needed, free } = tree.space;
    out.problem(
      `${at}: refused: needs ${formatBytes(needed)} and has ${formatBytes(free)} free; ${formatBytes(needed - free)} missing. Nothing was copied.`,
    );
  }
  const verb = options.dryRun || tree.full ? "would copy" : "copied";
  const { overwrites, deletions } = tree.sorted;
  const copies = [...tree.sorted.copies].sort((x, y) => x.ident.localeCompare(y.ident));
  for (const copy of copies) out.line(`${at}: ${verb} ${copy.ident}`);
  const waiting = new Set(tree.waiting.overwrites);
  for (const overwrite of overwrites) {
    if (waiting.has(overwrite)) continue;
    out.line(
      `${at}: ${options.dryRun || tree.full ? "would overwrite" : "overwrote"} ${describeOverwrite(overwrite, ends)}`,
    );
  }
  const waitingDeletions = new Set(tree.waiting.deletions);
  for (const deletion of deletions) {
    if (waitingDeletions.has(deletion)) continue;
    out.line(`${at}: ${options.dryRun || tree.full ? "would delete" : "deleted"} ${deletion.ident}`);
  }
  for (const overwrite of tree.waiting.overwrites) {
    const damaged = overwrite.reason === "target damaged";
    const how = damaged && options.repairHint ? options.repairHint : `waits for ${options.overwriteFlag}`;
    out.problem(`${at}: ${describeOverwrite(overwrite, ends)}; ${how}`);
  }
  for (const deletion of tree.waiting.deletions) {
    out.problem(`${at}: ${deletion.ident}: ${ends.target}, not ${ends.source}; deleted only with -d or -D`);
  }
  const { report } = tree;
  for (const skipped of report.skipped ?? []) out.problem(`${at}: left out ${skipped.where}: ${skipped.why}`);
  for (const failure of report.unreadable)
    out.problem(`${at}: cannot read ${failure.where}: ${failure.error.message}`);
  for (const failure of report.failures) out.problem(`${at}: failed: ${describeFailure(failure)}`);
  if (report.emptied) {
    out.problem(`${at}: ${ends.source} is empty but held files at the last copy; nothing was changed`);
  }
}

/**
 * Whether anything is left: a failure, something waiting, a disk too full, or no disk there at
 * all. A disk that is not plugged in is named, but is no failure while another one was written.
 */
export function anythingLeft(disks: readonly DiskRun[]): boolean {
  if (disks.every((run) => run.unavailable !== undefined)) return true;
  return disks.some(
    (run) =>
      run.errors.length > 0 ||
      run.trees.some(
        (tree) =>
          tree.full ||
          !isClean(tree.report) ||
          tree.waiting.overwrites.length > 0 ||
          tree.waiting.deletions.length > 0,
      ),
  );
}
