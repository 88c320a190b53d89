/**
 * `concord daemon`: keeps the selected pairs in agreement until stopped, syncing each once at
 * start, then whenever its local files change or a server announces a change (IMAP IDLE), and
 * every poll interval for its remote sides.
 * @module
 */
import type { Config, PairConfig } from "../config/index.js";
import type { WatchLayout } from "../contract/index.js";
import { Announcements } from "../daemon/announcements.js";
import { type BackoffPolicy, backoffForPoll } from "../daemon/backoff.js";
import { type DebounceTimes, defaultDebounce } from "../daemon/debounce.js";
import { PairRecord } from "../daemon/pair-record.js";
import { pollInterval } from "../daemon/poll-interval.js";
import { PairSchedule, type PairScheduleOptions, type SyncEvent } from "../daemon/scheduler.js";
import type { PairReport } from "../engine/report.js";
import type { Side } from "../engine/types.js";
import { openStorage, selectPairs } from "./open.js";
import { defaultPollIntervalSeconds } from "../storages/remote/config.js";
import { KeptStorages } from "./storage-source.js";
import { sync } from "./sync.js";

export type { SyncEvent, SyncReason } from "../daemon/scheduler.js";

export interface DaemonOptions {
  readonly config: Config;
  /** `PAIR` or `PAIR/COLLECTION`; every pair when empty. */
  readonly targets?: readonly string[];
  /** Stops the daemon: the sync in flight ends after its current item. */
  readonly signal: AbortSignal;
  /** Receives every sync the daemon runs. */
  readonly onEvent?: (event: SyncEvent) => void;
  /**
   * The poll interval for pairs with a CalDAV, CardDAV or WebCal side, overriding the storages'
   * `interval` keys.
   */
  readonly pollIntervalMs?: number;
  /** How a burst of file events is gathered into one sync. */
  readonly debounce?: DebounceTimes;
  /** How long a failed pair waits before it is tried again; by default it follows the poll interval. */
  readonly backoff?: BackoffPolicy;
  /** Receives a line per request the storages make. */
  readonly explain?: (line: string) => void;
}

/**
 * Runs until `options.signal` aborts, then waits for the syncs in flight.
 * @throws ConfigError when a target names no pair.
 */
export async function daemon(options: DaemonOptions): Promise<void> {
  const storages = new KeptStorages(options.config, { explain: options.explain });
  const pairs = [...selectPairs(options.config, options.targets)].map(([pair, only]) => {
    // `concord status` shows what the daemon did last, from this record.
    const record = new PairRecord(options.config.statusPath, pair.name);
    const schedule = new PairSchedule(scheduleOptions(options, pair, only, record, storages));
    return { record, schedule, announcements: announcementsOf(options, pair, schedule) };
  });
  // Watchers and timers come and go (a vdir not yet created has none); this holds the process
  // open until the signal, whatever they do. It fires every 12 days, so an idle daemon stays idle.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    if (!options.signal.aborted) {
      for (const { record, schedule, announcements } of pairs) {
        record.started();
        schedule.start();
        for (const listening of announcements) void listening.start();
      }
    }
    await aborted(options.signal);
    await Promise.all(
      pairs.flatMap(({ announcements }) => announcements.map((listening) => listening.close())),
    );
    await Promise.all(pairs.map(({ schedule }) => schedule.stop()));
  } finally {
    clearInterval(keepAlive);
    await storages.closeAll();
    for (const { record } of pairs) record.remove();
  }
}

function scheduleOptions(
  options: DaemonOptions,
  pair: PairConfig,
  only: string[] | undefined,
  record: PairRecord,
  storages: KeptStorages,
): PairScheduleOptions {
  const { config } = options;
  const watched: { side: Side; layout: WatchLayout }[] = [];
  const polled: number[] = [];
  for (const side of ["a", "b"] as const) {
    const storage = config.storages.get(pair[side]);
    if (storage === undefined) continue; // the loader checked that both sides exist
    const { definition, config: table } = storage;
    const layout = definition.watchLayout?.(table);
    if (layout) watched.push({ side, layout });
    // A storage that can neither be watched nor says how often to look is polled at the default.
    else polled.push(definition.pollSeconds?.(table) ?? defaultPollIntervalSeconds);
  }
  const pollMs = pollInterval(polled, options.pollIntervalMs);
  return {
    pair,
    only,
    watched,
    pollMs,
    debounce: options.debounce ?? defaultDebounce,
    backoff: options.backoff ?? backoffForPoll(pollMs),
    sync: (collections) => syncPair(options, pair, collections, storages),
    onEvent: (event) => {
      record.synced(event);
      options.onEvent?.(event);
    },
  };
}

/**
 * The pair's servers that announce changes (IMAP IDLE), each listened to on a storage instance
 * of its own; they are polled as well, for what they do not announce.
 */
function announcementsOf(options: DaemonOptions, pair: PairConfig, schedule: PairSchedule): Announcements[] {
  return (["a", "b"] as const)
    .filter((side) => {
      const storage = options.config.storages.get(pair[side]);
      return storage?.definition.announces?.(storage.config) === true;
    })
    .map(
      (side) =>
        new Announcements({
          open: () => openStorage(options.config, pair[side], { explain: options.explain }),
          onChange: (collection) => schedule.announced(side, collection),
          retryMs: announcementRetryMs,
          onLost: (error) =>
            options.explain?.(`${pair[side]}: stopped listening (${error.message}); again in 30 s`),
        }),
    );
}

/** How long a listening that ended waits before it starts again. */
const announcementRetryMs = 30_000;

async function syncPair(
  options: DaemonOptions,
  pair: PairConfig,
  collections: readonly string[] | undefined,
  storages: KeptStorages,
): Promise<PairReport> {
  const targets = collections ? collections.map((name) => `${pair.name}/${name}`) : [pair.name];
  const result = await sync({
    config: options.config,
    targets,
    waitForLock: true,
    signal: options.signal,
    storages,
  });
  // One pair selected: one report, unless the signal stopped the run before it began.
  return result.pairs[0] ?? { pair: pair.name, collections: [] };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
