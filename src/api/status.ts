/**
 * `concord status`: per pair and collection, the last sync, item counts and pending conflicts,
 * read from the status databases without touching any storage; and, while a daemon runs, what
 * it did last.
 * @module
 */
import type { Config } from "../config/index.js";
import { type DaemonRecord, type LastSync, liveDaemonRecord } from "../daemon/pair-record.js";
import type { SideItem } from "../engine/types.js";
import { readStatus, selectPairs } from "./open.js";

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

/** The daemon that keeps a pair in agreement, when one runs on this host. */
export interface DaemonStatus {
  readonly pid: number;
  readonly since: Date;
  /** Undefined until its first sync of the pair is over. */
  readonly lastSync?: LastSync<Date>;
}

export interface PairStatus {
  readonly pair: string;
  /** False when the pair was never synchronised. */
  readonly synced: boolean;
  readonly collections: readonly CollectionStatus[];
  readonly daemon?: DaemonStatus;
}

export function status(options: { config: Config; targets?: readonly string[] }): PairStatus[] {
  return [...selectPairs(options.config, options.targets).keys()].map((pair) => {
    const record = liveDaemonRecord(options.config.statusPath, pair.name);
    const daemon = record && daemonStatus(record);
    return { ...pairStatus(options.config, pair.name), ...(daemon && { daemon }) };
  });
}

function daemonStatus({ pid, startedAt, lastSync }: DaemonRecord): DaemonStatus {
  if (lastSync === undefined) return { pid, since: new Date(startedAt) };
  const { at, retryAt, ...rest } = lastSync;
  return {
    pid,
    since: new Date(startedAt),
    lastSync: { ...rest, at: new Date(at), ...(retryAt !== undefined && { retryAt: new Date(retryAt) }) },
  };
}

function pairStatus(config: Config, pair: string): PairStatus {
  const collections = readStatus(config, pair, (db) =>
    db.collections().map((record) => ({
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
    })),
  );
  return collections ? { pair, synced: true, collections } : { pair, synced: false, collections: [] };
}
