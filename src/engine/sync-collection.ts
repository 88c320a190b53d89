/**
 * One collection mapping, start to end: gather both sides, plan (the collection's own changes,
 * its items, its properties), then apply in that order and record.
 * @module
 */
import type { Capabilities, Collection, ItemModel, PropertyName } from "../contract/index.js";
import { readBase } from "./bases.js";
import {
  applyCreations,
  applyDeletion,
  type CollectionChanges,
  missingSides,
  planCollectionChanges,
} from "./collection-changes.js";
import { type ApplicableAction, type Applied, type ConflictResolver, execute } from "./execute.js";
import { completeView, type KnownItems, scanSide } from "./gather.js";
import { applyProperties, noProperties, planProperties, readProperties } from "./metadata.js";
import { type Plan, type PlanPolicy, plan } from "./plan.js";
import { reportRefusals } from "./refusals.js";
import { type CollectionReport, emptyReport, isClean } from "./report.js";
import type { CollectionRecord, StatusDb } from "./status.js";
import {
  type Action,
  otherSide,
  type Side,
  type StatusRow,
  type StatusSide,
  type SyncAction,
} from "./types.js";

/** What every collection of a pair is synchronised with. */
export interface SyncSettings {
  readonly status: StatusDb;
  readonly policy: PlanPolicy;
  readonly metadata: readonly PropertyName[];
  /** Plan only: nothing is written, not even the status. */
  readonly dryRun?: boolean;
  /** Asked before anything is applied (`--interactive`); false skips the collection. */
  readonly confirm?: (name: string, plan: Plan) => Promise<boolean>;
  /**
   * Chooses which of the plan's actions to apply (given the status rows the plan was made from);
   * the others are held back: neither applied nor recorded, so the next run plans them again.
   * A backup holds an overwrite until the user agrees to it.
   */
  readonly review?: (
    name: string,
    plan: Plan,
    remembered: ReadonlyMap<string, StatusRow>,
  ) => Promise<readonly Action[]>;
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
  /** Both sides; one still to be created is an empty collection that is never written. */
  readonly collections: Readonly<Record<Side, Collection>>;
  readonly changes: CollectionChanges;
  readonly capabilities: Readonly<Record<Side, Capabilities>>;
  readonly onApplied?: (applied: Applied) => void;
  readonly now: () => number;
  /** A side shared with other pairs: the items they described already (`SharedSide`). */
  readonly known?: Partial<Record<Side, KnownItems>>;
}

export async function syncCollection(options: CollectionSyncOptions): Promise<CollectionReport> {
  const started = options.now();
  const { record, status, capabilities } = options;
  // Items nothing in their content pairs (mail): copies are announced before they are made.
  const pairedByStatus = options.model.identity === "status";
  await takeBaseline(options);
  const [a, b, properties] = await Promise.all([
    scan("a", options),
    scan("b", options),
    readProperties(options.collections, options.metadata, missingSides(options.changes)),
  ]);
  const view = completeView(
    { a, b },
    {
      at: (side, hrefs) => status.rowsAt(record.key, side, hrefs),
      of: (idents) => status.rowsOf(record.key, idents),
    },
    {
      ignores: (href) =>
        options.collections.a.ignores?.(href) === true || options.collections.b.ignores?.(href) === true,
      identity: options.model.identity,
      intents: pairedByStatus ? status.intents(record.key) : [],
    },
  );
  const items = plan({
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
  const troubled = (side: Side) =>
    view.failures.some((failure) => failure.side === side) ||
    view.duplicates.some((duplicate) => duplicate.side === side);
  const sides = {
    a: { held: a.held, troubled: troubled("a") },
    b: { held: b.held, troubled: troubled("b") },
  };
  const own = planCollectionChanges({ ...options, properties, sides, items });
  const propertyPlan =
    properties.a && properties.b
      ? planProperties({
          values: { a: properties.a, b: properties.b },
          remembered: status.properties(record.key),
          names: options.metadata,
          policy: options.policy,
        })
      : noProperties;
  // A plan refused by on_empty or max_delete changes nothing, the status included: its
  // conflicts stay pending.
  const refused = items.emptied !== undefined || items.tooManyDeletes !== undefined;
  const planned: SyncAction[] = refused
    ? []
    : [...own.creations, ...items.actions, ...propertyPlan.actions, ...own.deletion];
  const base: CollectionReport = {
    ...emptyReport(record.name),
    planned,
    unreadable: view.failures,
    duplicates: view.duplicates,
    skipped: [...a.skipped, ...b.skipped],
    emptied: items.emptied,
    tooManyDeletes: items.tooManyDeletes,
    fetched: { a: a.fetched, b: b.fetched },
  };
  // A dry run is reviewed too: it says what would wait.
  const chosen =
    options.review && !refused ? await options.review(record.name, items, view.status) : items.actions;
  if (refused || options.dryRun || (options.confirm && !(await options.confirm(record.name, items)))) {
    return { ...base, durationMs: options.now() - started };
  }
  const held = chosen.length < items.actions.length;
  const reviewed: Plan = held ? { ...items, actions: chosen } : items;
  options.onPlanned?.(record.name, reviewed);

  status.dropIntents(
    record.key,
    view.unmadeCopies.map((intent) => intent.ident),
  );
  const collections = await applyCreations(own.creations, options);
  const applying = { ...options, collections };
  const refusals = reportRefusals({ actions: reviewed.actions, skip: view.skip, collections, options });
  const result = await execute({
    actions: reviewed.actions.filter((action): action is ApplicableAction => action.kind !== "refused"),
    collections,
    bodies: { a: a.bodies, b: b.bodies },
    record: (changes) => status.apply(record.key, changes, pairedByStatus),
    announce: pairedByStatus
      ? (creates) =>
          status.intend(
            record.key,
            creates.map(({ ident, from, source }) => ({
              ident,
              side: otherSide(from),
              hash: source.hash,
              source: { href: source.href, version: source.version, attributes: source.attributes },
            })),
          )
      : undefined,
    model: options.model,
    storageNames: options.storageNames,
    resolveConflict: options.resolveConflict,
    readBase: (ident, hash) => readBase(status, record.key, ident, hash),
    signal: options.signal,
    onApplied: options.onApplied,
    concurrency: { a: capabilities.a.writeConcurrency, b: capabilities.b.writeConcurrency },
    batchSize: writesPerFlush(capabilities),
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
  const props = await applyProperties(propertyPlan, applying);
  const itemsDone: CollectionReport = {
    ...base,
    applied: [...own.creations, ...result.applied, ...props.applied],
    failures: [...result.failures, ...props.failures],
    conflicts: result.conflicts,
    resolved: result.resolved,
    ...refusals,
  };
  // The emptied collection goes only after everything else went through.
  const deletion = isClean(itemsDone)
    ? await applyDeletion(own.deletion, applying)
    : { applied: [], failures: [] };
  const report: CollectionReport = {
    ...itemsDone,
    applied: [...itemsDone.applied, ...deletion.applied],
    failures: [...itemsDone.failures, ...deletion.failures],
    durationMs: options.now() - started,
  };
  if (deletion.applied.length > 0) return report; // the mapping was forgotten with the collection
  // A delta listing is only as good as the status it completes: after a run that left anything
  // out, the next run lists everything again. A refused or held change is not in the status
  // either, so while one lasts the next run lists everything too, and sees it.
  // A journal keeps the position it started from instead: reading on from there finds the items
  // left out again, and what was done since is found done.
  const complete = isClean(report) && report.stillRefused.length === 0 && !held && !options.signal?.aborted;
  const kept = (side: Side) => (capabilities[side].journal ? storedState(side, record) : undefined);
  const states = complete ? { a: a.state, b: b.state } : { a: kept("a"), b: kept("b") };
  status.setStates(record.key, states);
  status.setLastResult(record.key, at, JSON.stringify(summarise(report)));
  for (const side of ["a", "b"] as const) {
    const state = states[side];
    if (state !== undefined) await options.collections[side].acknowledge?.(state);
  }
  return report;
}

const storedState = (side: Side, record: CollectionRecord): string | undefined =>
  side === "a" ? record.stateA : record.stateB;

/**
 * A mapping's first sync, where a side knows what both held before it (a relay's manifest): that
 * is taken as the last agreement, with the other side's versions unknown, so its items are read,
 * and only what differs from the baseline is carried, as a change.
 */
async function takeBaseline(options: CollectionSyncOptions): Promise<void> {
  const { record, status, collections } = options;
  if (options.model.identity !== "href" || record.stateA !== undefined || record.stateB !== undefined) return;
  const counts = status.sideCounts(record.key);
  if (counts.a > 0 || counts.b > 0) return;
  for (const side of ["a", "b"] as const) {
    const baseline = await collections[side].baseline?.();
    if (baseline === undefined || baseline.length === 0) continue;
    const other = otherSide(side);
    status.apply(
      record.key,
      baseline.map(({ href, version, hash, attributes }) => {
        const row = { ident: href, hash, a: undefined, b: undefined } as Record<
          Side,
          StatusSide | undefined
        > &
          Pick<StatusRow, "ident" | "hash">;
        row[side] = { href, version, attributes };
        row[other] = { href, version: undefined, attributes };
        return { kind: "put", row };
      }),
    );
    return;
  }
}

function scan(side: Side, options: CollectionSyncOptions) {
  return scanSide({
    side,
    collection: options.collections[side],
    model: options.model,
    versions: options.status.versions(options.record.key, side),
    storedState: storedState(side, options.record),
    fetchBatchSize: options.capabilities[side].fetchBatchSize,
    known: options.known?.[side],
    receivedSince:
      options.policy.maxAgeMs === undefined ? undefined : options.now() - options.policy.maxAgeMs,
  });
}

/** The counts `concord status` shows for the last run. */
export function summarise(report: CollectionReport): Record<string, number> {
  const counts: Record<string, number> = { failed: report.failures.length + report.unreadable.length };
  // A conflict applied is one a resolver settled: counted as resolved.
  for (const action of report.applied) {
    if (action.kind !== "conflict") counts[action.kind] = (counts[action.kind] ?? 0) + 1;
  }
  counts.resolved = report.resolved.length;
  counts.conflict = report.conflicts.length;
  counts.refused = report.refused.length + report.stillRefused.length;
  return counts;
}

/**
 * The larger of the sides' asks: a whole-file rewrite per flush on one side is worth recording the
 * other side's writes later too, since every flush flushes both.
 */
function writesPerFlush(capabilities: Readonly<Record<Side, Capabilities>>): number | undefined {
  const asked = [capabilities.a.writesPerFlush, capabilities.b.writesPerFlush].filter(
    (count): count is number => count !== undefined,
  );
  return asked.length > 0 ? Math.max(...asked) : undefined;
}
