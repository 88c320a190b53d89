/**
 * What a sync did, per collection and per pair: the data the CLI renders and `--json` prints.
 * @module
 */
import type { Skipped } from "../contract/index.js";
import type { ConcordError } from "../errors/index.js";
import type { ActionFailure, Resolution } from "./execute.js";
import type { Duplicate, ItemFailure } from "./gather.js";
import type { ItemLabel } from "./item-label.js";
import type { Action, Side, SyncAction } from "./types.js";

/** A write a read-only side refused, with the item it is about. */
export interface Refusal {
  readonly action: Extract<Action, { kind: "refused" }>;
  /** The item whose change could not be carried, named where the user finds it. */
  readonly item: ItemLabel;
}

export interface CollectionReport {
  /** The mapping's name: `PAIR/NAME` on the command line. */
  readonly name: string;
  /**
   * Every action the plan held, the collection's own (created, deleted, its properties) and its
   * items'; with --dry-run nothing of it was applied.
   */
  readonly planned: readonly SyncAction[];
  readonly applied: readonly SyncAction[];
  readonly failures: readonly ActionFailure[];
  readonly conflicts: readonly Extract<Action, { kind: "conflict" }>[];
  /** Conflicts a resolver (`conflict_resolution = { cmd }`, `"ask"`) settled in this run. */
  readonly resolved: readonly Resolution[];
  /** Changes a read-only side refused that no earlier sync reported (new, or changed since). */
  readonly refused: readonly Refusal[];
  /** Refusals an earlier sync reported, unchanged since: not news. */
  readonly stillRefused: readonly Refusal[];
  readonly unreadable: readonly ItemFailure[];
  readonly duplicates: readonly Duplicate[];
  /** Entries the storages left out of their listings (a FIFO, a name that cannot be carried). */
  readonly skipped?: readonly Skipped[];
  /** `on_empty = "skip"` stopped this collection because this side was emptied. */
  readonly emptied?: Side;
  /** `max_delete` stopped this collection: it would have deleted `count` items on `side`. */
  readonly tooManyDeletes?: { readonly side: Side; readonly count: number; readonly limit: number };
  /** The collection could not be synchronised at all. */
  readonly error?: ConcordError;
  readonly fetched: Readonly<Record<Side, number>>;
  readonly durationMs: number;
}

export interface PairReport {
  readonly pair: string;
  readonly collections: readonly CollectionReport[];
  /** The pair could not be synchronised at all (its storages unreachable, its lock held). */
  readonly error?: ConcordError;
}

/** A report of nothing done, to fill in. */
export const emptyReport = (name: string): CollectionReport => ({
  name,
  planned: [],
  applied: [],
  failures: [],
  conflicts: [],
  resolved: [],
  refused: [],
  stillRefused: [],
  unreadable: [],
  duplicates: [],
  fetched: { a: 0, b: 0 },
  durationMs: 0,
});

/** True when everything was applied: no failure, no conflict, no refusal the user has not heard of. */
export function isClean(report: CollectionReport): boolean {
  return (
    report.error === undefined &&
    report.emptied === undefined &&
    report.tooManyDeletes === undefined &&
    report.failures.length === 0 &&
    report.conflicts.length === 0 &&
    report.refused.length === 0 &&
    report.unreadable.length === 0 &&
    report.duplicates.length === 0
  );
}
