/**
 * What a backup, a restore or a transfer plans for one disk, sorted the way its user decides
 * about it: copies of what the target lacks go ahead; overwrites wait for `-m` or a yes, each
 * with the reason the two copies differ; deletions (a restore's only) wait for `-d`/`-D`. Pure:
 * the status rows the plan was made from tell "changed at the source" from "changed at the
 * target" and from damage (same modification time, other content).
 * @module
 */
import { modifiedAttribute } from "../contract/index.js";
import type { Action, Side, StatusRow } from "../engine/types.js";

/** Why an item the target holds differs from the source's. */
export type OverwriteReason =
  /** The target holds what was last copied; the source changed since. */
  | "source changed"
  /** Never copied between these two: both hold it, differently. */
  | "never copied"
  /** The target changed since the last copy, with a new modification time: someone edited it. */
  | "target changed"
  /** The target changed since the last copy, keeping its modification time: it is damaged. */
  | "target damaged";

export type Update = Extract<Action, { kind: "update" }>;
export type Create = Extract<Action, { kind: "create" }>;
export type Delete = Extract<Action, { kind: "delete" }>;

export interface Overwrite {
  readonly action: Update;
  readonly reason: OverwriteReason;
}

export interface SortedPlan {
  /** Items the target lacks. */
  readonly copies: readonly Create[];
  readonly overwrites: readonly Overwrite[];
  readonly deletions: readonly Delete[];
  /** Bookkeeping and attributes: applied as planned. */
  readonly rest: readonly Action[];
}

export function sortPlan(
  actions: readonly Action[],
  remembered: ReadonlyMap<string, StatusRow>,
  target: Side,
): SortedPlan {
  const copies: Create[] = [];
  const overwrites: Overwrite[] = [];
  const deletions: Delete[] = [];
  const rest: Action[] = [];
  for (const action of actions) {
    if (action.kind === "create") copies.push(action);
    else if (action.kind === "update") {
      overwrites.push({ action, reason: overwriteReason(action, remembered.get(action.ident), target) });
    } else if (action.kind === "delete") deletions.push(action);
    else rest.push(action);
  }
  return { copies, overwrites, deletions, rest };
}

function overwriteReason(action: Update, row: StatusRow | undefined, target: Side): OverwriteReason {
  const before = row?.[target];
  if (row === undefined || before === undefined) return "never copied";
  if (action.target.hash === row.hash) return "source changed";
  const mtime = (attributes: typeof before.attributes) => attributes?.[modifiedAttribute];
  return mtime(action.target.attributes) === mtime(before.attributes) ? "target damaged" : "target changed";
}

/** Whether an ident (a path in the tree) is `scope` or below it; everything with no scope. */
export function inScope(ident: string, scope: readonly string[] | undefined): boolean {
  if (scope === undefined) return true;
  const path = ident.endsWith("/") ? ident.slice(0, -1) : ident;
  return scope.some((prefix) => prefix === "" || path === prefix || path.startsWith(`${prefix}/`));
}
