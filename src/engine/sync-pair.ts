/**
 * A whole pair: discover both storages, map their collections, create what is missing and sync
 * each mapping. One collection's failure never stops the others.
 * @module
 */
import { classify, CollectionError, ConfigError, UnsupportedError } from "../errors/index.js";
import type { Collection, CollectionInfo, Properties, Storage } from "../storages/storage.js";
import {
  type DeclaredCollections,
  type MappedSide,
  type ResolvedMapping,
  resolveMappings,
} from "./mapping.js";
import type { CollectionReport, PairReport } from "./report.js";
import { type SyncSettings, syncCollection } from "./sync-collection.js";
import { type Action, otherSide, type Side } from "./types.js";

export interface PairSyncOptions extends SyncSettings {
  readonly pair: string;
  readonly storages: Readonly<Record<Side, Storage>>;
  readonly collections: DeclaredCollections;
  /** Sync only these mappings (by name); all when undefined. */
  readonly only?: readonly string[];
  readonly onApplied?: (collection: string, action: Action, error: Error | undefined) => void;
  readonly now?: () => number;
}

export async function syncPair(options: PairSyncOptions): Promise<PairReport> {
  const { storages } = options;
  const mappings = selectMappings(options, await discoverBoth(storages));
  const reports: CollectionReport[] = [];
  for (const mapping of mappings) {
    if (options.signal?.aborted) break;
    reports.push(await syncMapping(options, mapping));
  }
  return { pair: options.pair, collections: reports };
}

export async function discoverBoth(
  storages: Readonly<Record<Side, Storage>>,
): Promise<Record<Side, CollectionInfo[]>> {
  const [a, b] = await Promise.all([storages.a.discover(), storages.b.discover()]);
  return { a, b };
}

function selectMappings(options: PairSyncOptions, found: Record<Side, CollectionInfo[]>): ResolvedMapping[] {
  const mappings = resolveMappings(options.collections, found);
  if (!options.only) return mappings;
  const unknown = options.only.filter((name) => !mappings.some((mapping) => mapping.name === name));
  if (unknown.length > 0) {
    const known = mappings.map((mapping) => mapping.name).join(", ") || "none";
    throw new ConfigError(
      `pair ${options.pair} has no collection ${unknown.join(", ")} (it has: ${known})`,
      {},
    );
  }
  return mappings.filter((mapping) => options.only?.includes(mapping.name));
}

async function syncMapping(options: PairSyncOptions, mapping: ResolvedMapping): Promise<CollectionReport> {
  const started = (options.now ?? Date.now)();
  try {
    const collections = await openBoth(options, mapping);
    const record = options.status.collection(mapping.name, {
      idA: mapping.a.id,
      idB: mapping.b.id,
      hrefA: collections.a.info.href,
      hrefB: collections.b.info.href,
    });
    return await syncCollection({
      record,
      status: options.status,
      collections,
      capabilities: { a: options.storages.a.capabilities, b: options.storages.b.capabilities },
      policy: options.policy,
      describe: options.describe,
      metadata: options.metadata,
      dryRun: options.dryRun,
      confirm: options.confirm,
      resolveConflict: options.resolveConflict,
      signal: options.signal,
      onApplied: (action, error) => options.onApplied?.(mapping.name, action, error),
      now: options.now ?? Date.now,
    });
  } catch (thrown) {
    const error = classify(thrown, `${options.pair}/${mapping.name}`);
    if (error.disposition === "fatal") throw error;
    return {
      name: mapping.name,
      planned: [],
      applied: [],
      failures: [],
      conflicts: [],
      unreadable: [],
      duplicates: [],
      properties: [],
      error,
      fetched: { a: 0, b: 0 },
      durationMs: (options.now ?? Date.now)() - started,
    };
  }
}

/** Opens both collections, creating the one that is missing (or, in a dry run, imagining it empty). */
async function openBoth(
  options: PairSyncOptions,
  mapping: ResolvedMapping,
): Promise<Record<Side, Collection>> {
  const opened: Partial<Record<Side, Collection>> = {};
  for (const side of ["a", "b"] as const) {
    const found = mapping[side].found;
    if (found) opened[side] = options.storages[side].open(found);
  }
  for (const side of ["a", "b"] as const) {
    if (opened[side]) continue;
    const other = opened[otherSide(side)];
    opened[side] = options.dryRun
      ? emptyCollection({
          id: mapping[side].id,
          href: `${options.storages[side].name}/${mapping[side].id} (to be created)`,
        })
      : await createMissing(options, side, mapping[side], other);
  }
  return opened as Record<Side, Collection>;
}

async function createMissing(
  options: PairSyncOptions,
  side: Side,
  mapped: MappedSide,
  counterpart: Collection | undefined,
): Promise<Collection> {
  const storage = options.storages[side];
  if (options.policy.readOnly[side]) {
    throw new CollectionError(`${storage.name} has no collection ${mapped.id} and is read-only`, {
      collection: mapped.id,
    });
  }
  if (!storage.createCollection) {
    throw new UnsupportedError(`${storage.name} has no collection ${mapped.id} and cannot create one`, {
      what: mapped.id,
    });
  }
  const all = (await counterpart?.getProperties?.()) ?? {};
  const properties: Properties = Object.fromEntries(options.metadata.map((name) => [name, all[name]]));
  return storage.open(await storage.createCollection(mapped.id, properties));
}

/** A collection that does not exist yet, as a dry run sees it: empty, and never written. */
function emptyCollection(info: CollectionInfo): Collection {
  const never = (): never => {
    throw new UnsupportedError(`${info.href}: a dry run writes nothing`, { what: info.href });
  };
  return {
    info,
    list: async () => ({ kind: "full", items: [] }),
    get: async function* () {},
    create: never,
    update: never,
    delete: never,
  };
}
