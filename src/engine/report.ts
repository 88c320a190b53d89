/**
 * What a sync did, per collection and per pair: the data the CLI renders and `--json` prints.
 * @module
 */
import type { Skipped } from "../contract/index.js";
import type { ConcordError } from "../errors/index.js";
import type { ActionFailure } from "./execute.js";
import type { Duplicate, ItemFailure } from "./gather.js";
import type { Action, Side } from "./types.js";

export interface PropertyChange {
  readonly name: string;
  readonly side: Side;
  readonly value: string | undefined;
  /** Set when the property could not be written. */
  readonly error?: ConcordError;
}

export interface CollectionReport {
  /** The mapping's name: `PAIR/NAME` on the command line. */
  readonly name: string;
  /** Every action the plan held; with --dry-run nothing of it was applied. */
  readonly planned: readonly Action[];
  readonly applied: readonly Action[];
  readonly failures: readonly ActionFailure[];
  readonly conflicts: readonly Extract<Action, { kind: "conflict" }>[];
  readonly unreadable: readonly ItemFailure[];
  readonly duplicates: readonly Duplicate[];
  /** Entries the storages left out of their listings (a FIFO, a name that cannot be carried). */
  readonly skipped?: readonly Skipped[];
  readonly properties: readonly PropertyChange[];
  /** `on_empty = "skip"` stopped this collection because this side was emptied. */
  readonly emptied?: Side;
  /** `max_delete` stopped this collection: it would have deleted `count` items on `side`. */
  readonly tooManyDeletes?: { readonly side: Side; readonly count: number; readonly limit: number };
  /** The side whose collection was deleted, following its deletion on the other side. */
  readonly deletedCollection?: Side;
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

/** True when everything was applied: no failure, no conflict, nothing refused. */
export function isClean(report: CollectionReport): boolean {
  return (
    report.error === undefined &&
    report.emptied === undefined &&
    report.tooManyDeletes === undefined &&
    report.failures.length === 0 &&
    report.conflicts.length === 0 &&
    report.unreadable.length === 0 &&
    report.duplicates.length === 0 &&
    report.properties.every((change) => change.error === undefined)
  );
}
