/**
 * `concord resolve`: walks the conflicts that syncs left for the user. For each, both sides'
 * current versions are read and handed to `decide`; what it chooses is written with the same
 * preconditions and status bookkeeping as a sync.
 * @module
 */
import type { Config, PairConfig } from "../config/index.js";
import { classify, type ConcordError } from "../errors/index.js";
import { type ConflictDecision, type ConflictInput, execute } from "../engine/execute.js";
import { acquirePairLock } from "../engine/lock.js";
import { type CollectionRecord, StatusDb } from "../engine/status.js";
import type { Side, SideItem } from "../engine/types.js";
import { sharedModel } from "../engine/sync-pair.js";
import {
  bytesBody,
  type Collection,
  type Href,
  type ItemModel,
  readBody,
  type Storage,
} from "../contract/index.js";
import { lockFile, openPairStorages, selectPairs, statusFile } from "./open.js";

export interface PendingConflict extends ConflictInput {
  readonly pair: string;
  readonly collection: string;
}

export interface ResolveOptions {
  readonly config: Config;
  readonly targets?: readonly string[];
  /** Chooses for one conflict; `skip` leaves it pending. */
  readonly decide: (conflict: PendingConflict) => Promise<ConflictDecision>;
}

export interface ResolveResult {
  readonly resolved: number;
  readonly skipped: number;
  readonly failures: readonly {
    readonly pair: string;
    readonly ident: string;
    readonly error: ConcordError;
  }[];
}

export async function resolve(options: ResolveOptions): Promise<ResolveResult> {
  const result = { resolved: 0, skipped: 0, failures: [] as ResolveResult["failures"][number][] };
  for (const [pair, only] of selectPairs(options.config, options.targets)) {
    try {
      await resolvePair(options, pair, only, result);
    } catch (thrown) {
      const error = classify(thrown, `resolving conflicts of pair ${pair.name}`);
      error.caller = "concord.resolve";
      result.failures.push({ pair: pair.name, ident: "*", error });
    }
  }
  return result;
}

async function resolvePair(
  options: ResolveOptions,
  pair: PairConfig,
  only: string[] | undefined,
  result: { resolved: number; skipped: number; failures: ResolveResult["failures"][number][] },
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
        const current = await readBoth(model, collections, conflict);
        if (!current) {
          // One side is gone or unreadable since: the next sync decides afresh.
          status.removeConflict(record.key, conflict.ident);
          continue;
        }
        const decision = await options.decide({ pair: pair.name, collection: record.name, ...current });
        if (decision.kind === "skip") {
          result.skipped++;
          continue;
        }
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
          concurrency: 1,
          fetchBatchSize: { a: 1, b: 1 },
        });
        const failure = outcome.fatal ?? outcome.failures[0]?.error;
        if (failure) {
          result.failures.push({ pair: pair.name, ident: conflict.ident, error: failure });
          continue;
        }
        status.removeConflict(record.key, conflict.ident);
        result.resolved++;
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

/** Both sides as they are now, hashed afresh; undefined when either cannot be read. */
async function readBoth(
  model: ItemModel,
  collections: Record<Side, Collection>,
  conflict: { ident: string; a: SideItem; b: SideItem },
): Promise<Pick<ConflictInput, "ident" | "a" | "b"> | undefined> {
  const read = async (side: Side, href: Href) => {
    for await (const fetched of collections[side].get([href])) {
      if ("body" in fetched) {
        // Read once: the body is described and shown from the same bytes.
        const body = bytesBody(await readBody(fetched.body));
        const { hash, ident } = await model.describe(body, href, fetched.attributes);
        const item = { href, version: fetched.version, hash, attributes: fetched.attributes };
        return { item, body, ident: ident ?? conflict.ident };
      }
    }
    return undefined;
  };
  const [a, b] = await Promise.all([read("a", conflict.a.href), read("b", conflict.b.href)]);
  if (!a || !b || a.ident !== b.ident) return undefined;
  return { ident: a.ident, a: { item: a.item, body: a.body }, b: { item: b.item, body: b.body } };
}
