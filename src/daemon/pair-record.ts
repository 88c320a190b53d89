/**
 * What a running daemon tells `concord status` about a pair: its pid, since when it runs, and the
 * last sync it ran there. One small JSON file per pair beside the pair's status database
 * (`<status_path>/<pair>.daemon.json`), replaced whole by a rename after every sync.
 *
 * Not a table in the status database, because this is the state of a process rather than of the
 * pair: it means nothing once that process is gone, it is written after failed syncs too (when
 * the database may be what fails), `concord status` reads it without opening, migrating or
 * locking anything, and a schema version bump for it would lock older concord versions out of a
 * database whose sync state they understand perfectly well.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { processRuns } from "../engine/process-runs.js";
import { summarise } from "../engine/sync-collection.js";
import type { SyncEvent, SyncReason } from "./scheduler.js";

export interface DaemonRecord {
  readonly pid: number;
  readonly host: string;
  /** When the daemon's process started, in ms since the epoch. */
  readonly startedAt: number;
  /** Undefined until the daemon's first sync of the pair is over. */
  readonly lastSync?: LastSync;
}

/** A daemon's last sync of a pair; times in ms since the epoch on disk, as `Date`s in `status`. */
export interface LastSync<Time = number> {
  /** When it ended. */
  readonly at: Time;
  readonly reason: SyncReason;
  readonly durationMs: number;
  /** What it did, by action kind, plus `failed` and `conflict`, over all its collections. */
  readonly counts: Readonly<Record<string, number>>;
  /** Why the pair, or some of its collections, could not be synchronised. */
  readonly errors: readonly string[];
  /** When a failed pair is tried again. */
  readonly retryAt?: Time;
}

export const daemonRecordFile = (statusPath: string, pair: string): string =>
  join(statusPath, `${pair}.daemon.json`);

/** The pair's record, owned by this process: written at start and after every sync. */
export class PairRecord {
  readonly #path: string;
  readonly #base: DaemonRecord;

  constructor(
    private readonly statusPath: string,
    pair: string,
  ) {
    this.#path = daemonRecordFile(statusPath, pair);
    this.#base = { pid: process.pid, host: hostname(), startedAt: Math.round(performance.timeOrigin) };
  }

  /** The daemon took the pair on; nothing synchronised yet. */
  started(): void {
    this.#write(this.#base);
  }

  synced(event: SyncEvent): void {
    const { report } = event;
    const counts: Record<string, number> = {};
    for (const collection of report.collections) {
      for (const [kind, n] of Object.entries(summarise(collection))) counts[kind] = (counts[kind] ?? 0) + n;
    }
    const errors = [
      ...(report.error ? [report.error.message] : []),
      ...report.collections.flatMap((c) => (c.error ? [`${c.name}: ${c.error.message}`] : [])),
    ];
    const at = Date.now();
    const retryAt = event.retryInMs === undefined ? undefined : at + event.retryInMs;
    this.#write({
      ...this.#base,
      lastSync: { at, reason: event.reason, durationMs: event.durationMs, counts, errors, retryAt },
    });
  }

  /** The daemon let the pair go: its record would only go stale. */
  remove(): void {
    if (readDaemonRecord(this.#path)?.pid !== process.pid) return;
    try {
      unlinkSync(this.#path);
    } catch {
      // Gone already, or the folder unwritable: status ignores the record once this process ends.
    }
  }

  /**
   * Writes beside the target and renames, so a reader sees the old record or the new one. No
   * fsync: after a crash the record is stale anyway. A failure is left unreported here: the
   * status folder that refuses the record refuses the sync's lock file too, and that sync
   * reports it.
   */
  #write(record: DaemonRecord): void {
    const temp = `${this.#path}.${process.pid}.tmp`;
    try {
      mkdirSync(this.statusPath, { recursive: true, mode: 0o700 });
      writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
      renameSync(temp, this.#path);
    } catch {
      // See above.
    }
  }
}

/**
 * The record of a daemon that runs now: undefined when there is none, when it is unreadable, and
 * when its process is gone (a daemon killed without a chance to remove it) or runs on another
 * host, where it cannot be checked.
 */
export function liveDaemonRecord(statusPath: string, pair: string): DaemonRecord | undefined {
  const record = readDaemonRecord(daemonRecordFile(statusPath, pair));
  return record && record.host === hostname() && processRuns(record.pid) ? record : undefined;
}

function readDaemonRecord(path: string): DaemonRecord | undefined {
  let parsed: Partial<DaemonRecord>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<DaemonRecord>;
  } catch {
    return undefined; // absent, or not written by concord
  }
  const valid =
    typeof parsed.pid === "number" &&
    typeof parsed.host === "string" &&
    typeof parsed.startedAt === "number" &&
    (parsed.lastSync === undefined || typeof parsed.lastSync.at === "number");
  return valid ? (parsed as DaemonRecord) : undefined;
}
