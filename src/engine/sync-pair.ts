/**
 * A whole pair: discover both storages, map their collections, create what is missing and sync
 * each mapping. One collection's failure never stops the others.
 * @module
 */
import type { Collection, CollectionInfo, ItemModel, Properties, Storage } from "../contract/index.js";
import {
  classify,
  CollectionError,
  ConfigError,
  UnavailableError,
  UnsupportedError,
} from "../errors/index.js";
import {
  type DeclaredCollections,
  type MappedSide,
  type ResolvedMapping,
  resolveMappings,
} from "./mapping.js";
import { type CollectionReport, isClean, type PairReport } from "./report.js";
import { type SyncSettings, syncCollection } from "./sync-collection.js";
import { type Action, otherSide, type Side } from "./types.js";

export interface PairSyncOptions extends SyncSettings {
  readonly pair: string;
  readonly storages: Readonly<Record<Side, Storage>>;
  /** Unset: every collection, for models paired by href (a file tree is one collection). */
  readonly collections: DeclaredCollections | undefined;
  /** Sync only these mappings (by name); all when undefined. */
  readonly only?: readonly string[];
  readonly onApplied?: (collection: string, action: Action, error: Error | undefined) => void;
  readonly now?: () => number;
}

export async function syncPair(options: PairSyncOptions): Promise<PairReport> {
  const { storages } = options;
  const model = sharedModel(options.pair, storages);
  const declared = declaredCollections(options, model);
  await checkPresence(options);
  const mappings = selectMappings(options, declared, await discoverBoth(storages));
  const reports: CollectionReport[] = [];
  for (const mapping of mappings) {
    if (options.signal?.aborted) break;
    reports.push(await syncMapping(options, mapping, model));
  }
  return { pair: options.pair, collections: reports };
}

/** The item model both sides share; a calendar paired with a file tree is a config mistake. */
export function sharedModel(pair: string, storages: Readonly<Record<Side, Storage>>): ItemModel {
  const { a, b } = storages;
  if (a.model.kind !== b.model.kind) {
    throw new ConfigError(
      `pair ${pair}: ${a.name} holds ${a.model.kind} items and ${b.name} holds ${b.model.kind} items; both sides of a pair must hold the same kind`,
      {},
    );
  }
  return a.model;
}

/**
 * Refuses a side that is not there or is not the storage the status knows: an unplugged disk,
 * its empty mount point, a root carrying another tree's mark. A side with no mark yet gets one
 * (not in a dry run), so that the next run can tell.
 */
async function checkPresence(options: PairSyncOptions): Promise<void> {
  const remembered = options.status.marks();
  for (const side of ["a", "b"] as const) {
    const storage = options.storages[side];
    if (!storage.probe) continue;
    const presence = await storage.probe();
    const refuse = (why: string): never => {
      throw new UnavailableError(`${storage.name}: ${why}; nothing was synchronised`, {
        storage: storage.name,
      });
    };
    if (presence.kind === "absent") refuse(presence.why);
    if (presence.kind !== "present") continue;
    const known = remembered[side];
    if (known !== undefined && presence.mark === undefined) {
      refuse(
        presence.empty
          ? "is empty but held items at the last sync (an unplugged disk's mount point?)"
          : "has lost the mark it carried at the last sync (another disk at the same place?)",
      );
    }
    if (known !== undefined && presence.mark !== known) {
      refuse(`carries the mark of another tree (${presence.mark}, the status knows ${known})`);
    }
    if (known === undefined && !options.dryRun && storage.mark && !options.policy.readOnly[side]) {
      options.status.setMark(side, await storage.mark());
    }
  }
}

export async function discoverBoth(
  storages: Readonly<Record<Side, Storage>>,
): Promise<Record<Side, CollectionInfo[]>> {
  const [a, b] = await Promise.all([storages.a.discover(), storages.b.discover()]);
  return { a, b };
}

/** The pair's `collections`, which only a pair of file trees may leave out. */
function declaredCollections(options: PairSyncOptions, model: ItemModel): DeclaredCollections {
  if (options.collections) return options.collections;
  if (model.identity === "href") return { kind: "all" };
  throw new ConfigError(
    `pair ${options.pair}: collections is not set; it is required for ${model.kind} items ("from a", "from b", "all" or a list)`,
    {},
  );
}

function selectMappings(
  options: PairSyncOptions,
  declared: DeclaredCollections,
  found: Record<Side, CollectionInfo[]>,
): ResolvedMapping[] {
  const mappings = resolveMappings(declared, found);
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

async function syncMapping(
  options: PairSyncOptions,
  mapping: ResolvedMapping,
  model: ItemModel,
): Promise<CollectionReport> {
  const started = (options.now ?? Date.now)();
  try {
    const vanished = vanishedSide(options, mapping);
    const collections = await openBoth(options, mapping, vanished);
    const record = options.status.collection(mapping.name, {
      idA: mapping.a.id,
      idB: mapping.b.id,
      hrefA: collections.a.info.href,
      hrefB: collections.b.info.href,
    });
    const report = await syncCollection({
      record,
      status: options.status,
      collections,
      capabilities: { a: options.storages.a.capabilities, b: options.storages.b.capabilities },
      policy: options.policy,
      model,
      storageNames: { a: options.storages.a.name, b: options.storages.b.name },
      metadata: options.metadata,
      dryRun: options.dryRun,
      confirm: options.confirm,
      onPlanned: options.onPlanned,
      resolveConflict: options.resolveConflict,
      signal: options.signal,
      onApplied: (action, error) => options.onApplied?.(mapping.name, action, error),
      now: options.now ?? Date.now,
    });
    if (vanished === undefined || !isClean(report) || options.dryRun) return report;
    return { ...report, deletedCollection: await deleteCounterpart(options, mapping, vanished, record.key) };
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

/**
 * The side whose collection was deleted since the last sync: it is missing now, but the mapping
 * was synchronised before with the same collections. Such a collection is not created again: its
 * deletion is carried across like an item's, within `on_empty` and `on_delete`.
 */
function vanishedSide(options: PairSyncOptions, mapping: ResolvedMapping): Side | undefined {
  const missing = (["a", "b"] as const).filter((side) => mapping[side].found === undefined);
  if (missing.length !== 1) return undefined;
  const synced = options.status
    .collections()
    .some(
      (record) => record.name === mapping.name && record.idA === mapping.a.id && record.idB === mapping.b.id,
    );
  return synced ? missing[0] : undefined;
}

/**
 * After a collection's items followed its deletion, removes the emptied counterpart (with
 * `on_delete = "sync"`, and only when it really is empty) and forgets the mapping.
 */
async function deleteCounterpart(
  options: PairSyncOptions,
  mapping: ResolvedMapping,
  vanished: Side,
  key: number,
): Promise<Side | undefined> {
  const side = otherSide(vanished);
  const storage = options.storages[side];
  const found = mapping[side].found;
  if (
    options.policy.onDelete !== "sync" ||
    options.policy.readOnly[side] ||
    !storage.deleteCollection ||
    !found
  ) {
    return undefined;
  }
  const listing = await storage.open(found).list();
  if (listing.kind !== "full" || listing.items.length > 0) return undefined;
  await storage.deleteCollection(found);
  options.status.forgetCollection(key);
  return side;
}

/**
 * Opens both collections. One that is missing is created, unless this is a dry run or it was
 * deleted since the last sync: then it is seen as an empty collection that is never written.
 */
async function openBoth(
  options: PairSyncOptions,
  mapping: ResolvedMapping,
  vanished: Side | undefined,
): Promise<Record<Side, Collection>> {
  const opened: Partial<Record<Side, Collection>> = {};
  for (const side of ["a", "b"] as const) {
    const found = mapping[side].found;
    if (found) opened[side] = options.storages[side].open(found);
  }
  const recorded = options.status.collections().find((record) => record.name === mapping.name);
  for (const side of ["a", "b"] as const) {
    if (opened[side]) continue;
    const storage = options.storages[side].name;
    if (side === vanished) {
      const href = (side === "a" ? recorded?.hrefA : recorded?.hrefB) ?? `${storage}/${mapping[side].id}`;
      opened[side] = emptyCollection(
        { id: mapping[side].id, href },
        "deleted since the last sync; not created again",
      );
    } else if (options.dryRun) {
      opened[side] = emptyCollection(
        { id: mapping[side].id, href: `${storage}/${mapping[side].id}` },
        "to be created",
      );
    } else {
      opened[side] = await createMissing(options, side, mapping[side], opened[otherSide(side)]);
    }
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

/** A collection that does not exist: empty, and never written (`why` says so in the error). */
function emptyCollection(info: CollectionInfo, why: string): Collection {
  const never = (): never => {
    throw new UnsupportedError(`${info.href}: ${why}`, { what: info.href });
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
