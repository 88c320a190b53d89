/**
 * `concord status`: per pair and collection, the last sync, item counts and pending conflicts,
 * read from the status databases without touching any storage.
 * @module
 */
import { existsSync } from "node:fs";
import type { Config } from "../config/index.js";
import { StatusDb } from "../engine/status.js";
import type { SideItem } from "../engine/types.js";
import { selectPairs, statusFile } from "./open.js";

export interface CollectionStatus {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly items: number;
  readonly lastSyncAt: Date | undefined;
  /** What the last run did, by action kind, plus `failed`. */
  readonly lastResult: Readonly<Record<string, number>> | undefined;
  readonly conflicts: readonly { readonly ident: string; readonly a: SideItem; readonly b: SideItem }[];
}

export interface PairStatus {
  readonly pair: string;
  /** False when the pair was never synchronised. */
  readonly synced: boolean;
  readonly collections: readonly CollectionStatus[];
}

export function status(options: { config: Config; targets?: readonly string[] }): PairStatus[] {
  return [...selectPairs(options.config, options.targets).keys()].map((pair) => {
    const file = statusFile(options.config, pair.name);
    if (!existsSync(file)) return { pair: pair.name, synced: false, collections: [] };
    const db = StatusDb.open(file);
    try {
      const collections = db.collections().map((record) => ({
        name: record.name,
        a: record.hrefA,
        b: record.hrefB,
        items: db.itemCount(record.key),
        lastSyncAt: record.lastSyncAt === undefined ? undefined : new Date(record.lastSyncAt),
        lastResult:
          record.lastResult === undefined
            ? undefined
            : (JSON.parse(record.lastResult) as Record<string, number>),
        conflicts: db.conflicts(record.key),
      }));
      return { pair: pair.name, synced: true, collections };
    } finally {
      db.close();
    }
  });
}
