/**
 * One collection mapping, start to end: gather both sides, plan, execute, record.
 * @module
 */
import type { Capabilities, Collection, ItemModel, PropertyName } from "../contract/index.js";
import { type ConflictResolver, execute } from "./execute.js";
import { completeView, scanSide } from "./gather.js";
import { syncProperties } from "./metadata.js";
import { type Plan, type PlanPolicy, plan } from "./plan.js";
import { type CollectionReport, isClean } from "./report.js";
import type { CollectionRecord, StatusDb } from "./status.js";
import type { Action, Side } from "./types.js";

/** What every collection of a pair is synchronised with. */
export interface SyncSettings {
  readonly status: StatusDb;
  readonly policy: PlanPolicy;
  readonly metadata: readonly PropertyName[];
  /** Plan only: nothing is written, not even the status. */
  readonly dryRun?: boolean;
  /** Asked before anything is applied (`--interactive`); false skips the collection. */
  readonly confirm?: (name: string, plan: Plan) => Promise<boolean>;
  /** Told each collection's plan before it is applied (a progress bar's totals). */
  readonly onPlanned?: (name: string, plan: Plan) => void;
  readonly resolveConflict?: ConflictResolver;
  /** Stops taking new actions; the ones in flight finish and are recorded. */
  readonly signal?: AbortSignal;
}

export interface CollectionSyncOptions extends SyncSettings {
  /** What both sides' items are. */
  readonly model: ItemModel;
  /** The storages' names, for conflict copies (`name.conflict-<storage>-…`). */
  readonly storageNames: Readonly<Record<Side, string>>;
  readonly record: CollectionRecord;
  readonly collections: Readonly<Record<Side, Collection>>;
  readonly capabilities: Readonly<Record<Side, Capabilities>>;
  readonly onApplied?: (action: Action, error: Error | undefined) => void;
  readonly now: () => number;
}

export async function syncCollection(options: CollectionSyncOptions): Promise<CollectionReport> {
  const started = options.now();
  const { record, status, collections, capabilities } = options;
  const scan = (side: Side) =>
    scanSide({
      side,
      collection: collections[side],
      model: options.model,
      versions: status.versions(record.key, side),
      storedState: side === "a" ? record.stateA : record.stateB,
      fetchBatchSize: capabilities[side].fetchBatchSize,
    });
  const [a, b] = await Promise.all([scan("a"), scan("b")]);
  const view = completeView(
    { a, b },
    {
      at: (side, hrefs) => status.rowsAt(record.key, side, hrefs),
      of: (idents) => status.rowsOf(record.key, idents),
    },
    (href) => collections.a.ignores?.(href) === true || collections.b.ignores?.(href) === true,
  );

  const thePlan = plan({
    model: options.model,
    status: view.status,
    a: view.items.a,
    b: view.items.b,
    held: { a: a.held, b: b.held },
    remembered: status.sideCounts(record.key),
    skip: view.skip,
    incomplete: { a: a.failures.length > 0, b: b.failures.length > 0 },
    policy: options.policy,
  });
  const base = {
    name: record.name,
    planned: thePlan.actions,
    unreadable: view.failures,
    duplicates: view.duplicates,
    skipped: [...a.skipped, ...b.skipped],
    emptied: thePlan.emptied,
    tooManyDeletes: thePlan.tooManyDeletes,
    fetched: { a: a.fetched, b: b.fetched },
  };
  const nothingDone = { applied: [], failures: [], conflicts: [], properties: [] };
  // A refused plan (on_empty) changes nothing, the status included: its conflicts stay pending.
  if (
    thePlan.emptied ||
    thePlan.tooManyDeletes ||
    options.dryRun ||
    (options.confirm && !(await options.confirm(record.name, thePlan)))
  ) {
    return { ...base, ...nothingDone, durationMs: options.now() - started };
  }

  options.onPlanned?.(record.name, thePlan);
  const result = await execute({
    actions: thePlan.actions,
    collections,
    bodies: { a: a.bodies, b: b.bodies },
    record: (changes) => status.apply(record.key, changes),
    model: options.model,
    storageNames: options.storageNames,
    resolveConflict: options.resolveConflict,
    signal: options.signal,
    onApplied: options.onApplied,
    concurrency: Math.min(capabilities.a.writeConcurrency, capabilities.b.writeConcurrency),
    fetchBatchSize: { a: capabilities.a.fetchBatchSize, b: capabilities.b.fetchBatchSize },
  });
  if (result.fatal) throw result.fatal;

  const at = options.now();
  status.replaceConflicts(
    record.key,
    result.conflicts.map((conflict) => ({
      ident: conflict.ident,
      a: conflict.a,
      b: conflict.b,
      detectedAt: at,
    })),
    view.skip,
  );
  const properties = await syncProperties({
    status,
    collection: record.key,
    collections,
    names: options.metadata,
    policy: options.policy,
  });
  const report: CollectionReport = {
    ...base,
    applied: result.applied,
    failures: result.failures,
    conflicts: result.conflicts,
    properties,
    durationMs: options.now() - started,
  };
  // A delta listing is only as good as the status it completes: after a run that left anything
  // out, the next run lists everything again.
  const complete = isClean(report) && !options.signal?.aborted;
  status.setStates(record.key, complete ? { a: a.state, b: b.state } : { a: undefined, b: undefined });
  status.setLastResult(record.key, at, JSON.stringify(summarise(report)));
  return report;
}

/** The counts `concord status` shows for the last run. */
export function summarise(report: CollectionReport): Record<string, number> {
  const counts: Record<string, number> = { failed: report.failures.length + report.unreadable.length };
  for (const action of report.applied) counts[action.kind] = (counts[action.kind] ?? 0) + 1;
  counts.conflict = report.conflicts.length;
  return counts;
}
