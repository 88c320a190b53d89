/**
 * A whole pair: discover both storages, map their collections, sync each mapping (creating what
 * is missing) and forget the mappings that are gone. One collection's failure never stops the
 * others.
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
import type { CollectionChanges } from "./collection-changes.js";
import { type CollectionRename, findRenames } from "./collection-renames.js";
import type { ActionFailure, Applied } from "./execute.js";
import {
  type DeclaredCollections,
  type MappedSide,
  type ResolvedMapping,
  resolveMappings,
} from "./mapping.js";
import { type CollectionReport, emptyReport, type PairReport } from "./report.js";
import { type SyncSettings, syncCollection } from "./sync-collection.js";
import { type CollectionAction, otherSide, type Side } from "./types.js";

export interface PairSyncOptions extends SyncSettings {
  readonly pair: string;
  readonly storages: Readonly<Record<Side, Storage>>;
  /** Unset: every collection, for models paired by href (a file tree is one collection). */
  readonly collections: DeclaredCollections | undefined;
  /** Sync only these mappings (by name); all when undefined. */
  readonly only?: readonly string[];
  readonly onApplied?: (collection: string, applied: Applied) => void;
  readonly now?: () => number;
}

export async function syncPair(options: PairSyncOptions): Promise<PairReport> {
  const { storages } = options;
  const model = sharedModel(options.pair, storages);
  const declared = declaredCollections(options, model);
  await checkPresence(options);
  const discovered = await discoverBoth(storages);
  const renames = findRenames(declared, discovered, options.status.collections());
  const { found, renamed, failed } = await carryRenames(options, discovered, renames);
  const remembered = options.status.collections().map((record) => record.name);
  const mappings = resolveMappings(declared, found, remembered);
  const reports: CollectionReport[] = [];
  for (const mapping of selectMappings(options, mappings)) {
    if (options.signal?.aborted) break;
    const rename = renamed.get(mapping.name);
    const failure = failed.get(mapping.name);
    if (failure !== undefined) {
      const report = await syncMapping(options, mapping, model);
      reports.push({ ...report, failures: [failure, ...report.failures] });
    } else if (rename === undefined) {
      reports.push(await syncMapping(options, mapping, model));
    } else if (options.dryRun) {
      // Its items are planned once the rename is made: a dry run shows the rename alone.
      reports.push({ ...emptyReport(mapping.name), planned: [rename.action] });
    } else {
      const report = await syncMapping(options, mapping, model);
      reports.push({
        ...report,
        planned: [rename.action, ...report.planned],
        applied: [rename.action, ...report.applied],
      });
    }
  }
  if (options.only === undefined && !options.signal?.aborted) {
    const kept = new Set([...renamed.values()].map((rename) => rename.record.name));
    reports.push(...forgetGone(options, mappings, found).filter((report) => !kept.has(report.name)));
  }
  return { pair: options.pair, collections: reports };
}

/**
 * Renames the counterparts of collections renamed since the last sync, and their mappings in
 * the status; a dry run only pretends. What is found is what the storages hold afterwards; a
 * rename that cannot be made leaves the ordinary course: the old collection deleted, the new one
 * copied.
 */
async function carryRenames(
  options: PairSyncOptions,
  discovered: Readonly<Record<Side, readonly CollectionInfo[]>>,
  renames: readonly CollectionRename[],
): Promise<{
  found: Record<Side, CollectionInfo[]>;
  renamed: Map<string, CollectionRename>;
  failed: Map<string, ActionFailure>;
}> {
  const found = { a: [...discovered.a], b: [...discovered.b] };
  const renamed = new Map<string, CollectionRename>();
  const failed = new Map<string, ActionFailure>();
  for (const rename of renames) {
    const { side, to } = rename.action;
    const storage = options.storages[side];
    if (!storage.renameCollection) continue;
    let info: CollectionInfo = { ...rename.target, id: to };
    if (!options.dryRun) {
      try {
        info = await storage.renameCollection(rename.target, to);
      } catch (error) {
        const cause = classify(error, `renaming ${rename.target.href}`);
        if (cause.disposition === "fatal") throw cause;
        failed.set(to, { action: rename.action, error: cause });
        continue;
      }
    }
    found[side] = found[side].map((each) => (each === rename.target ? info : each));
    const hrefOf = (each: Side): string => found[each].find((held) => held.id === to)?.href ?? "";
    if (!options.dryRun) {
      options.status.renameCollection(rename.record.key, {
        name: to,
        idA: to,
        idB: to,
        hrefA: hrefOf("a"),
        hrefB: hrefOf("b"),
      });
    }
    renamed.set(to, rename);
  }
  return { found, renamed, failed };
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

function selectMappings(options: PairSyncOptions, mappings: ResolvedMapping[]): ResolvedMapping[] {
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
  const now = options.now ?? Date.now;
  const started = now();
  try {
    const vanished = vanishedSide(options, mapping);
    const missing = (["a", "b"] as const).filter(
      (side) => mapping[side].found === undefined && side !== vanished,
    );
    const create: CollectionChanges["create"] = {};
    for (const side of missing) create[side] = creator(options, side, mapping[side]);
    const collections = openBoth(options, mapping, vanished);
    const record = options.status.collection(mapping.name, {
      idA: mapping.a.id,
      idB: mapping.b.id,
      hrefA: collections.a.info.href,
      hrefB: collections.b.info.href,
      stableA: mapping.a.found?.stableId,
      stableB: mapping.b.found?.stableId,
    });
    return await syncCollection({
      record,
      status: options.status,
      collections,
      changes: {
        create,
        deletable: deletableSide(options, mapping, vanished),
      },
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
      onApplied: (applied) => options.onApplied?.(mapping.name, applied),
      now,
    });
  } catch (thrown) {
    const error = classify(thrown, `${options.pair}/${mapping.name}`);
    if (error.disposition === "fatal") throw error;
    return { ...emptyReport(mapping.name), error, durationMs: now() - started };
  }
}

/**
 * The side whose collection was deleted since the last sync: it is missing now, but the mapping
 * was synchronised before with the same collections (a run that stopped before creating it left
 * a record, but no sync). Such a collection is not created again: its deletion is carried across
 * like an item's, within `on_empty` and `on_delete`. A pair where one side follows the other
 * (`one_way`) never creates a collection on the side it follows: what only the following side
 * holds is removed there.
 */
function vanishedSide(options: PairSyncOptions, mapping: ResolvedMapping): Side | undefined {
  const missing = (["a", "b"] as const).filter((side) => mapping[side].found === undefined);
  if (missing.length !== 1) return undefined;
  if (missing[0] === options.policy.oneWay) return missing[0];
  const synced = options.status
    .collections()
    .some(
      (record) =>
        record.name === mapping.name &&
        record.idA === mapping.a.id &&
        record.idB === mapping.b.id &&
        record.lastSyncAt !== undefined,
    );
  return synced ? missing[0] : undefined;
}

/**
 * The counterpart of a vanished collection, which goes too once its items followed the deletion:
 * with `on_delete = "sync"`, on a writable storage that can delete collections.
 */
function deletableSide(
  options: PairSyncOptions,
  mapping: ResolvedMapping,
  vanished: Side | undefined,
): CollectionChanges["deletable"] {
  if (vanished === undefined || options.policy.onDelete !== "sync") return undefined;
  const side = otherSide(vanished);
  const storage = options.storages[side];
  const found = mapping[side].found;
  if (options.policy.readOnly[side] || !storage.deleteCollection || !found) return undefined;
  return { side, delete: async () => storage.deleteCollection?.(found) };
}

/**
 * Opens both collections. One that is missing (to be created, or deleted since the last sync) is
 * seen as an empty collection that is never written.
 */
function openBoth(
  options: PairSyncOptions,
  mapping: ResolvedMapping,
  vanished: Side | undefined,
): Record<Side, Collection> {
  const recorded = options.status.collections().find((record) => record.name === mapping.name);
  const open = (side: Side): Collection => {
    const { found, id } = mapping[side];
    if (found) return options.storages[side].open(found);
    const storage = options.storages[side].name;
    if (side !== vanished) return emptyCollection({ id, href: `${storage}/${id}` }, "to be created");
    const href = (side === "a" ? recorded?.hrefA : recorded?.hrefB) ?? `${storage}/${id}`;
    return emptyCollection({ id, href }, "deleted since the last sync; not created again");
  };
  return { a: open("a"), b: open("b") };
}

type Creator = (properties: Properties) => Promise<Collection>;

/** How the collection missing on `side` is created; fails before anything is planned if it cannot be. */
function creator(options: PairSyncOptions, side: Side, mapped: MappedSide): Creator {
  const storage = options.storages[side];
  if (options.policy.readOnly[side]) {
    throw new CollectionError(`${storage.name} has no collection ${mapped.id} and is read-only`, {
      collection: mapped.id,
    });
  }
  const create = storage.createCollection?.bind(storage);
  if (!create) {
    throw new UnsupportedError(`${storage.name} has no collection ${mapped.id} and cannot create one`, {
      what: mapped.id,
    });
  }
  return async (properties) => storage.open(await create(mapped.id, properties));
}

/**
 * Mappings the status remembers that the pair no longer has: their collections are gone from
 * both sides, or the pair's `collections` no longer names them. Forgetting them keeps `concord
 * status` true; were they to come back, their items would be paired afresh by UID.
 */
function forgetGone(
  options: PairSyncOptions,
  mappings: readonly ResolvedMapping[],
  found: Readonly<Record<Side, readonly CollectionInfo[]>>,
): CollectionReport[] {
  const names = new Set(mappings.map((mapping) => mapping.name));
  return options.status
    .collections()
    .filter((record) => !names.has(record.name))
    .map((record) => {
      const exists = (side: Side, id: string) => found[side].some((info) => info.id === id);
      const why =
        exists("a", record.idA) || exists("b", record.idB)
          ? "no longer among the pair's collections"
          : "gone from both sides";
      const action: CollectionAction = { kind: "forget-collection", why };
      if (options.dryRun) return { ...emptyReport(record.name), planned: [action] };
      options.status.forgetCollection(record.key);
      options.onApplied?.(record.name, { action });
      return { ...emptyReport(record.name), planned: [action], applied: [action] };
    });
}

/** A collection that does not exist: empty, and never written (`why` says so in the error). */
export function emptyCollection(info: CollectionInfo, why: string): Collection {
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
