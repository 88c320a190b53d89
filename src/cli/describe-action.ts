/**
 * Actions and reports in words, for --dry-run, -v and the summary after a sync.
 * @module
 */
import { assertNever } from "../engine/assert-never.js";
import type { ActionFailure, Resolution } from "../engine/execute.js";
import type { ItemLabel } from "../engine/item-label.js";
import { sidesWritten, writtenSide } from "../engine/plan.js";
import type { CollectionReport, Refusal } from "../engine/report.js";
import type { MergeFallback, SyncAction } from "../engine/types.js";
import type { MergeConflict } from "../contract/index.js";

/**
 * One line per action: what happens where, to which item or collection, and why. With `item`,
 * the item is named where the user finds it rather than by its ident.
 */
export function describeAction(action: SyncAction, item?: ItemLabel): string {
  const name = (ident: string) => (item ? describeItem(item) : ident);
  switch (action.kind) {
    case "create":
    case "update":
    case "delete":
      return `${action.kind} in ${writtenSide(action)}: ${name(action.ident)} (${action.why})`;
    case "record":
      return `record: ${name(action.ident)} (equal on both sides)`;
    case "forget":
      return `forget: ${name(action.ident)} (gone from both sides)`;
    case "conflict":
      return `conflict: ${name(action.ident)} (changed on both sides: ${clashes(action)})`;
    case "merge":
      return `merge: ${name(action.ident)} (${action.why}; if the changes clash: ${fallbackWords(action.fallback)})`;
    case "refused": {
      const { write } = action;
      const why = `${action.side} is read-only; not applied: ${write.kind} (${write.why})`;
      return `refused in ${action.side}: ${name(action.ident)} (${why})`;
    }
    case "move":
      return `rename in ${action.side}: ${action.previous} → ${name(action.ident)} (${action.why})`;
    case "setAttributes":
      return `attributes in ${Object.keys(action.set).join(" and ")}: ${name(action.ident)} (${action.why})`;
    case "keepBoth":
      return `keep both: ${name(action.ident)} (${action.why}; ${action.winner} is newer and keeps the name, the other is kept beside it on both sides)`;
    case "create-collection":
      return `create collection ${action.id} in ${action.side} (${action.why})`;
    case "delete-collection":
      return `delete collection ${action.id} in ${action.side} (${action.why})`;
    case "rename-collection":
      return `rename collection ${action.from} → ${action.to} in ${action.side} (${action.why})`;
    case "forget-collection":
      return `forget collection (${action.why})`;
    case "set-property":
      return action.value === undefined
        ? `remove ${action.name} in ${action.side} (${action.why})`
        : `set ${action.name} in ${action.side}: ${JSON.stringify(action.value)} (${action.why})`;
    default:
      return assertNever(action);
  }
}

/** What a merge does where it cannot merge, in a few words. */
function fallbackWords(fallback: MergeFallback): string {
  switch (fallback.kind) {
    case "conflict":
      return "reported as a conflict";
    case "update":
      return `${fallback.from}'s version kept`;
    case "keepBoth":
      return "both versions kept";
    default:
      return assertNever(fallback);
  }
}

/** What both sides changed: the properties that clashed where a merge was tried, else where each side's version is. */
function clashes(conflict: Extract<SyncAction, { kind: "conflict" }>): string {
  if (conflict.unmerged === undefined || conflict.unmerged.length === 0) {
    return `a ${conflict.a.href}, b ${conflict.b.href}`;
  }
  return conflict.unmerged.map(describeClash).join("; ");
}

/** `SUMMARY in VEVENT meeting: a "SUMMARY:Lunch", b "SUMMARY:Dinner"`. */
export function describeClash(clash: MergeConflict): string {
  const version = (lines: readonly string[]) =>
    lines.length === 0 ? "removed" : lines.map((line) => JSON.stringify(line)).join(", ");
  const where = clash.component === "" ? "" : ` in ${clash.component}`;
  return `${clash.property}${where}: a ${version(clash.a)}, b ${version(clash.b)}`;
}

/** `/home/me/cal/one.ics "Dentist"`: the item's place, and its summary or name when known. */
export const describeItem = (item: ItemLabel): string =>
  item.title === undefined ? item.where : `${item.where} ${JSON.stringify(item.title)}`;

export const describeFailure = (failure: ActionFailure): string =>
  `${describeAction(failure.action, failure.item)}: ${failure.error.message}`;

export const describeRefusal = (refusal: Refusal): string => describeAction(refusal.action, refusal.item);

/** `conflict one resolved: merged by command merge-ics; rewritten in a and b`. */
export function describeResolution(resolution: Resolution): string {
  const what = resolution.decision.kind === "merged" ? "merged" : `kept ${resolution.decision.side}`;
  const rewritten =
    resolution.rewritten.length > 0 ? `rewritten in ${resolution.rewritten.join(" and ")}` : "";
  return `conflict ${resolution.ident} resolved: ${what} by ${resolution.by}${rewritten ? `; ${rewritten}` : ""}`;
}

/**
 * Whether the action changes a storage or the pair's collections, as opposed to bookkeeping on
 * an item in the status.
 */
export const isWrite = (action: SyncAction): boolean =>
  "ident" in action ? sidesWritten(action).length > 0 : true;

/** "created 3 in b, updated 1 in a, 1 conflict, 2 failed" — or undefined when nothing happened. */
export function summariseReport(report: CollectionReport): string | undefined {
  const parts: string[] = [];
  const applied = <K extends SyncAction["kind"]>(kind: K) =>
    report.applied.filter((action): action is Extract<SyncAction, { kind: K }> => action.kind === kind);
  for (const action of applied("create-collection")) parts.push(`collection created in ${action.side}`);
  for (const action of applied("rename-collection")) parts.push(`collection renamed in ${action.side}`);
  for (const side of ["a", "b"] as const) {
    for (const kind of ["create", "update", "delete", "move", "setAttributes"] as const) {
      const n = applied(kind).filter((action) => writtenSide(action) === side).length;
      if (n > 0) parts.push(`${pastTense[kind]} ${n} in ${side}`);
    }
  }
  const keptBoth = applied("keepBoth").length;
  if (keptBoth > 0) parts.push(`kept both versions of ${keptBoth}`);
  const merged = applied("merge").length;
  if (merged > 0) parts.push(`merged ${merged}`);
  if (report.resolved.length > 0) parts.push(`${plural(report.resolved.length, "conflict")} resolved`);
  if (report.conflicts.length > 0) parts.push(plural(report.conflicts.length, "conflict"));
  const failed = report.failures.length + report.unreadable.length;
  if (failed > 0) parts.push(`${failed} failed`);
  if (report.refused.length > 0) parts.push(`${report.refused.length} refused`);
  if (report.duplicates.length > 0) parts.push(plural(report.duplicates.length, "duplicate UID"));
  for (const action of applied("delete-collection")) parts.push(`collection deleted in ${action.side}`);
  for (const action of applied("forget-collection")) parts.push(`forgotten (${action.why})`);
  const set = applied("set-property").length;
  if (set > 0) parts.push(`${plural(set, "property", "properties")} set`);
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
