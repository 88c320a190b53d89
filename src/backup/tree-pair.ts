/**
 * Two folders of a backup set as a pair of file trees (a work folder and a disk, or two disks),
 * synchronised one way by the engine: one side follows the other, and what the follower holds
 * alone is deleted only when the caller says so. The status of each such pair lives in its own
 * database, so a later run knows what was copied and can tell a change from damage.
 * @module
 */
import { existsSync, mkdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Collection } from "../contract/index.js";
import type { Applied } from "../engine/execute.js";
import { acquirePairLock } from "../engine/lock.js";
import type { Plan } from "../engine/plan.js";
import type { CollectionReport } from "../engine/report.js";
import type { SharedSide } from "../engine/shared-side.js";
import { StatusDb } from "../engine/status.js";
import { syncCollection } from "../engine/sync-collection.js";
import { emptyCollection } from "../engine/sync-pair.js";
import type { Action, Side, StatusRow } from "../engine/types.js";
import { fileModel } from "../models/file.js";
import { createFilesStorage, treeCollectionId, treeConcurrency } from "../storages/files/files-storage.js";

export interface TreeSide {
  /** What messages call it: the folder, or `work` / the disk's folder. */
  readonly name: string;
  readonly root: string;
  /** The side copied from: never written. */
  readonly readOnly: boolean;
  /** Set when other pairs share this side (a work folder backed up to several disks). */
  readonly shared?: SharedSide;
}

export interface TreePairOptions {
  /** The pair's status database; its lock file sits beside it. */
  readonly statusFile: string;
  readonly a: TreeSide;
  readonly b: TreeSide;
  readonly ignore: readonly string[];
  /** The side the other follows. */
  readonly from: Side;
  /** "sync": what the follower holds alone is deleted there (a restore with -d), if `review` lets it. */
  readonly onDelete: "sync" | "skip";
  readonly dryRun: boolean;
  /** The actions to apply of those planned; see `SyncSettings.review`. */
  readonly review: (plan: Plan, remembered: ReadonlyMap<string, StatusRow>) => Promise<readonly Action[]>;
  readonly signal?: AbortSignal;
  readonly onPlanned?: (plan: Plan) => void;
  readonly onApplied?: (applied: Applied) => void;
}

/**
 * Runs `use` with the pair's status database, under the pair's lock. A dry run changes nothing:
 * where there is no status folder yet it goes without the lock, and its status is a scratch copy.
 */
export async function withPairStatus<T>(
  statusFile: string,
  { dryRun, signal }: { readonly dryRun: boolean; readonly signal?: AbortSignal },
  use: (status: StatusDb) => Promise<T>,
): Promise<T> {
  if (!dryRun) mkdirSync(dirname(statusFile), { recursive: true, mode: 0o700 });
  const lock =
    dryRun && !existsSync(dirname(statusFile))
      ? undefined
      : await acquirePairLock(statusFile.replace(/\.sqlite$/, ".lock"), statusFile, { signal });
  try {
    const status = dryRun ? StatusDb.openScratch(statusFile) : StatusDb.open(statusFile);
    try {
      return await use(status);
    } finally {
      status.close();
    }
  } finally {
    lock?.release();
  }
}

export async function syncTrees(options: TreePairOptions): Promise<CollectionReport> {
  const { statusFile, dryRun } = options;
  return withPairStatus(statusFile, options, async (status) => {
    const sides = { a: options.a, b: options.b };
    const [a, b] = await Promise.all([open(sides.a, options), open(sides.b, options)]);
    const record = status.collection("tree", {
      idA: treeCollectionId,
      idB: treeCollectionId,
      hrefA: sides.a.root,
      hrefB: sides.b.root,
    });
    return syncCollection({
      record,
      status,
      collections: { a, b },
      changes: { create: {}, deletable: undefined },
      capabilities: {
        a: { readOnly: sides.a.readOnly, ...treeConcurrency },
        b: { readOnly: sides.b.readOnly, ...treeConcurrency },
      },
      policy: {
        conflict: { kind: "leave" },
        oneWay: options.from,
        onDelete: options.onDelete,
        onEmpty: "skip",
        readOnly: { a: sides.a.readOnly, b: sides.b.readOnly },
      },
      model: fileModel,
      storageNames: { a: sides.a.name, b: sides.b.name },
      metadata: [],
      dryRun,
      review: (_name, plan, remembered) => options.review(plan, remembered),
      onPlanned: (_name, plan) => options.onPlanned?.(plan),
      signal: options.signal,
      onApplied: options.onApplied,
      now: Date.now,
      known: { a: sides.a.shared?.known, b: sides.b.shared?.known },
    });
  });
}

/**
 * The side's tree. A follower's folder that does not exist yet (a work folder's own folder on a
 * new disk) is made, or in a dry run seen as empty; a missing source is an error of the files
 * storage when it is listed.
 */
async function open(side: TreeSide, options: TreePairOptions): Promise<Collection> {
  if (side.shared) return side.shared.collection;
  if (!side.readOnly && !existsSync(side.root)) {
    if (options.dryRun) return emptyCollection({ id: treeCollectionId, href: side.root }, "to be created");
    await mkdir(side.root, { recursive: true });
  }
  return openTree(side, options.ignore);
}

/** A folder's tree, through the files storage. */
export function openTree(side: Omit<TreeSide, "shared">, ignore: readonly string[]): Collection {
  const storage = createFilesStorage(side.name, {
    type: "files",
    path: side.root,
    ignore: [...ignore],
    read_only: side.readOnly,
  });
  return storage.open({ id: treeCollectionId, href: side.root });
}
