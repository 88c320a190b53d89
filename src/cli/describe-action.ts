/**
 * Actions and reports in words, for --dry-run, -v and the summary after a sync.
 * @module
 */
import { assertNever } from "../engine/assert-never.js";
import { writtenSide } from "../engine/plan.js";
import type { CollectionReport } from "../engine/report.js";
import type { Action } from "../engine/types.js";

/** One line per action: what happens where, to which item, and why. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case "create":
    case "update":
    case "delete":
      return `${action.kind} in ${writtenSide(action)}: ${action.ident} (${action.why})`;
    case "record":
      return `record: ${action.ident} (equal on both sides)`;
    case "forget":
      return `forget: ${action.ident} (gone from both sides)`;
    case "conflict":
      return `conflict: ${action.ident} (changed on both sides: a ${action.a.href}, b ${action.b.href})`;
    case "refused":
      return `refused in ${action.side}: ${action.ident} (${action.why})`;
    case "move":
      return `rename in ${action.side}: ${action.previous} → ${action.ident} (${action.why})`;
    case "setAttributes":
      return `attributes in ${writtenSide(action)}: ${action.ident} (${action.why})`;
    case "keepBoth":
      return `keep both: ${action.ident} (${action.why}; ${action.winner} is newer and keeps the name, the other is kept beside it on both sides)`;
    default:
      return assertNever(action);
  }
}

/** Whether the action writes to a storage (as opposed to bookkeeping in the status). */
export const isWrite = (action: Action): boolean => writtenSide(action) !== undefined;

/** "created 3 in b, updated 1 in a, 1 conflict, 2 failed" — or undefined when nothing happened. */
export function summariseReport(report: CollectionReport): string | undefined {
  const parts: string[] = [];
  for (const side of ["a", "b"] as const) {
    for (const kind of ["create", "update", "delete", "move", "setAttributes"] as const) {
      const n = report.applied.filter(
        (action) => action.kind === kind && writtenSide(action) === side,
      ).length;
      if (n > 0) parts.push(`${pastTense[kind]} ${n} in ${side}`);
    }
  }
  const keptBoth = report.applied.filter((action) => action.kind === "keepBoth").length;
  if (keptBoth > 0) parts.push(`kept both versions of ${keptBoth}`);
  if (report.conflicts.length > 0) parts.push(plural(report.conflicts.length, "conflict"));
  const failed = report.failures.length + report.unreadable.length;
  if (failed > 0) parts.push(`${failed} failed`);
  if (report.duplicates.length > 0) parts.push(plural(report.duplicates.length, "duplicate UID"));
  if (report.deletedCollection) parts.push(`collection deleted in ${report.deletedCollection}`);
  const changed = report.properties.filter((change) => change.error === undefined).length;
  if (changed > 0) parts.push(plural(changed, "property", "properties") + " set");
  return parts.length > 0 ? parts.join(", ") : undefined;
}

const pastTense = {
  create: "created",
  update: "updated",
  delete: "deleted",
  move: "renamed",
  setAttributes: "set the attributes of",
} as const;

export const plural = (n: number, word: string, words = `${word}s`): string =>
  `${n} ${n === 1 ? word : words}`;
