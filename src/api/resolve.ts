/**
 * `concord resolve`: walks the conflicts that syncs left for the user. For each, both sides'
 * current versions are read and handed to `decide`, with the version both last agreed on and
 * both merged with it where the status keeps it (calendars, contacts); what it chooses is
 * written with the same preconditions and status bookkeeping as a sync.
 * @module
 */
import type { Config, PairConfig } from "../config/index.js";
import { classify, type ConcordError, ConfigError } from "../errors/index.js";
import { type ConflictDecision, type ConflictInput, execute } from "../engine/execute.js";
import { readBase } from "../engine/bases.js";
import { acquirePairLock } from "../engine/lock.js";
import { type CollectionRecord, StatusDb } from "../engine/status.js";
import type { Side, SideItem } from "../engine/types.js";
import { sharedModel } from "../engine/sync-pair.js";
import {
  bytesBody,
  type Collection,
  type ContentMerge,
  type Href,
  type ItemModel,
  readBody,
  type Storage,
} from "../contract/index.js";
import { lockFile, openPairStorages, readStatus, selectPairs, statusFile } from "./open.js";

export interface PendingConflict extends ConflictInput {
  readonly pair: string;
  readonly collection: string;
  /** The version both sides last agreed on, where the status keeps it (calendars, contacts). */
  readonly base?: Uint8Array;
  /** Both sides' changes merged with the base, or the properties that clash; where there is a base. */
  readonly merged?: ContentMerge;
}

/** What to do with one conflict: a `ConflictDecision` (`skip` leaves it pending), or stop the walk. */
export type ResolveDecision = ConflictDecision | { readonly kind: "stop" };

export interface ResolveOptions {
  readonly config: Config;
  readonly targets?: readonly string[];
  /** Chooses for one conflict. */
  readonly decide: (conflict: PendingConflict) => Promise<ResolveDecision>;
  /** Stops the walk before the next conflict. */
  readonly signal?: AbortSignal;
}

export interface ResolveResult {
  readonly resolved: number;
  /** Conflicts of the targets still pending after the walk: skipped, failed or not reached. */
  readonly pending: number;
  /** `decide` or the signal stopped the walk before its end. */
  readonly stopped: boolean;
  readonly failures: readonly {
    readonly pair: string;
    readonly ident: string;
    readonly error: ConcordError;
  }[];
}

interface Walk {
  resolved: number;
  stopped: boolean;
  failures: ResolveResult["failures"][number][];
}

/** @throws ConfigError when a target names no pair, or no collection the pair has synchronised. */
export async function resolve(options: ResolveOptions): Promise<ResolveResult> {
  const selected = selectPairs(options.config, options.targets);
  for (const [pair, only] of selected) checkCollections(options.config, pair, only);
  const walk: Walk = { resolved: 0, stopped: false, failures: [] };
  for (const [pair, only] of selected) {
    if (walk.stopped || options.signal?.aborted) {
      walk.stopped = true;
      break;
    }
    try {
      await resolvePair(options, pair, only, walk);
    } catch (thrown) {
      const error = classify(thrown, `resolving conflicts of pair ${pair.name}`);
      error.caller = "concord.resolve";
      walk.failures.push({ pair: pair.name, ident: "*", error });
    }
  }
  const pending = [...selected].reduce(
    (sum, [pair, only]) => sum + countPending(options.config, pair, only),
    0,
  );
  return { ...walk, pending };
}

/** Conflicts are only ever pending in collections the status database knows. */
function checkCollections(config: Config, pair: PairConfig, only: readonly string[] | undefined): void {
  if (!only) return;
  const known =
    readStatus(config, pair.name, (status) => status.collections().map((record) => record.name)) ?? [];
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw new ConfigError(
    `pair ${pair.name} has no synchronised collection ${unknown.join(", ")} (it has: ${known.join(", ") || "none"})`,
    { file: config.file },
  );
}

function countPending(config: Config, pair: PairConfig, only: readonly string[] | undefined): number {
  return (
    readStatus(config, pair.name, (status) =>
      status
        .collections()
        .filter((record) => !only || only.includes(record.name))
        .reduce((sum, record) => sum + status.conflicts(record.key).length, 0),
    ) ?? 0
  );
}

async function resolvePair(
  options: ResolveOptions,
  pair: PairConfig,
  only: string[] | undefined,
  walk: Walk,
): Promise<void> {
  const { config } = options;
  const storages = await openPairStorages(config, pair);
  const lock = await acquirePairLock(lockFile(config, pair.name), pair.name);
  const status = StatusDb.open(statusFile(config, pair.name));
  try {
    for (const record of status.collections()) {
      if (only && !only.includes(record.name)) continue;
      const conflicts = status.conflicts(record.key);
      if (conflicts.length === 0) continue;
      const collections = openRecorded(storages, record);
      const model = sharedModel(pair.name, storages);
      for (const conflict of conflicts) {
        if (options.signal?.aborted) walk.stopped = true;
        if (walk.stopped) return;
        const current = await readBoth(model, collections, conflict);
        if (!current) {
          // One side is gone or unreadable since: the next sync decides afresh.
          status.removeConflict(record.key, conflict.ident);
          continue;
        }
        const base = lastAgreed(status, record.key, conflict.ident);
        const decision = await options.decide({
          pair: pair.name,
          collection: record.name,
          ...current,
          ...(await mergedWith(model, base, current)),
        });
        if (decision.kind === "stop") {
          walk.stopped = true;
          return;
        }
        if (decision.kind === "skip") continue;
        const outcome = await execute({
          actions: [{ kind: "conflict", ident: conflict.ident, a: current.a.item, b: current.b.item }],
          collections,
          bodies: {
            a: new Map([[current.a.item.href, current.a.body]]),
            b: new Map([[current.b.item.href, current.b.body]]),
          },
          record: (changes) => status.apply(record.key, changes),
          model,
          storageNames: { a: storages.a.name, b: storages.b.name },
          resolveConflict: { by: "concord resolve", decide: async () => decision },
          concurrency: { a: 1, b: 1 },
          fetchBatchSize: { a: 1, b: 1 },
        });
        const failure = outcome.fatal ?? outcome.failures[0]?.error;
        if (failure) {
          walk.failures.push({ pair: pair.name, ident: conflict.ident, error: failure });
          continue;
        }
        status.removeConflict(record.key, conflict.ident);
        walk.resolved++;
      }
    }
  } finally {
    status.close();
    lock.release();
    await Promise.all([storages.a.close?.(), storages.b.close?.()]);
  }
}

function openRecorded(storages: Record<Side, Storage>, record: CollectionRecord): Record<Side, Collection> {
  return {
    a: storages.a.open({ id: record.idA, href: record.hrefA }),
    b: storages.b.open({ id: record.idB, href: record.hrefB }),
  };
}

/** The content both sides last agreed on, if the status keeps it for this item. */
function lastAgreed(status: StatusDb, collection: number, ident: string): Uint8Array | undefined {
  const [row] = status.rowsOf(collection, [ident]);
  return row === undefined ? undefined : readBase(status, collection, ident, row.hash);
}

/** The base, and what merging both sides' versions with it gives, for a model that merges. */
async function mergedWith(
  model: ItemModel,
  base: Uint8Array | undefined,
  current: Pick<ConflictInput, "a" | "b">,
): Promise<Pick<PendingConflict, "base" | "merged">> {
  if (base === undefined || model.merge === undefined) return {};
  const [a, b] = await Promise.all([readBody(current.a.body), readBody(current.b.body)]);
  return { base, merged: model.merge(base, a, b) };
}

/** Bodies up to this size are held in memory while a conflict is shown. */
const inMemoryLimit = 1024 * 1024;

/** Both sides as they are now, hashed afresh; undefined when either cannot be read. */
async function readBoth(
  model: ItemModel,
  collections: Record<Side, Collection>,
  conflict: { ident: string; a: SideItem; b: SideItem },
): Promise<Pick<ConflictInput, "ident" | "a" | "b"> | undefined> {
  const read = async (side: Side, href: Href) => {
    for await (const fetched of collections[side].get([href])) {
      if ("body" in fetched) {
        // A small body is read once, so it is described and shown from the same bytes; a large
        // one (a file) streams, to be hashed now and copied if kept.
        const small = fetched.body.bytes !== undefined || (fetched.body.size ?? Infinity) <= inMemoryLimit;
        const body = small ? bytesBody(await readBody(fetched.body)) : fetched.body;
        const { hash, ident } = await model.describe(body, href, fetched.attributes);
        const item = {
          href,
          version: fetched.version,
          hash,
          attributes: fetched.attributes,
          size: body.size,
        };
        return { item, body, ident: ident ?? conflict.ident };
      }
    }
    return undefined;
  };
  const [a, b] = await Promise.all([read("a", conflict.a.href), read("b", conflict.b.href)]);
  if (!a || !b || a.ident !== b.ident) return undefined;
  return { ident: a.ident, a: { item: a.item, body: a.body }, b: { item: b.item, body: b.body } };
}
