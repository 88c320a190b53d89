/**
 * When one pair is synchronised: once at start, after its local files change (a burst of writes
 * gathered into one sync), every poll interval when a side is remote, and after a failure once
 * its back-off has passed. A pair never runs twice at once, and its own writes never wake it.
 * @module
 */
import type { PairConfig } from "../config/index.js";
import type { PairReport } from "../engine/report.js";
import type { Side } from "../engine/types.js";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";
import { Debouncer, type DebounceTimes } from "./debounce.js";
import type { WatchLayout } from "../contract/index.js";
import { StorageWatcher } from "./watcher.js";

/** What woke a sync up. */
export type SyncReason = "start" | "change" | "poll" | "retry";

/** One sync the daemon ran. */
export interface SyncEvent {
  readonly kind: "sync";
  readonly pair: string;
  /** The collections synchronised, by mapping name; undefined when it was the whole pair. */
  readonly collections: readonly string[] | undefined;
  readonly reason: SyncReason;
  readonly report: PairReport;
  readonly durationMs: number;
  /** Set when the sync failed: the pair is tried again after this long. */
  readonly retryInMs?: number;
}

export interface PairScheduleOptions {
  readonly pair: PairConfig;
  /** `PAIR/COLLECTION` selections: only these mappings; all when undefined. */
  readonly only: readonly string[] | undefined;
  /** The local sides, to watch. */
  readonly watched: readonly { readonly side: Side; readonly layout: WatchLayout }[];
  /** Undefined when both sides are watched: nothing to poll. */
  readonly pollMs: number | undefined;
  readonly debounce: DebounceTimes;
  readonly backoff: BackoffPolicy;
  /** Synchronises the pair, or the named collections of it. */
  readonly sync: (collections: readonly string[] | undefined) => Promise<PairReport>;
  readonly onEvent: (event: SyncEvent) => void;
}

/** The whole pair, or a set of its mappings by name. */
type Scope = "pair" | ReadonlySet<string>;

export class PairSchedule {
  readonly #watchers: StorageWatcher[];
  readonly #debouncer: Debouncer<string | undefined>;
  /** The watched files' fingerprints right after the last sync, one per watcher. */
  #fingerprints: string[] = [];
  /** The mapping names the last whole-pair sync found: a change names one of them. */
  #mappings = new Set<string>();
  #pending: { scope: Scope; reason: SyncReason } | undefined;
  /** A server announced a change since the last sync: no local fingerprint would show it. */
  #announced = false;
  /** Mappings whose files changed while a sync ran (undefined: the whole pair). */
  #changedDuringSync = new Set<string | undefined>();
  #running: Promise<void> | undefined;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly options: PairScheduleOptions) {
    this.#debouncer = new Debouncer(options.debounce, (names) => void this.#settled(names));
    this.#watchers = options.watched.map(
      ({ side, layout }) =>
        new StorageWatcher(layout, (collection) => {
          if (this.#stopped) return;
          // Events during a sync are mostly its own writes, but may hide a user's edit made
          // meanwhile: those mappings are synced once more when the sync is over (a sync that
          // finds only its own writes does nothing). Later events are weighed by fingerprint.
          if (this.#running === undefined) this.#debouncer.add(this.#mappingOf(side, collection));
          else this.#changedDuringSync.add(this.#mappingOf(side, collection));
        }),
    );
  }

  start(): void {
    this.#request("pair", "start");
  }

  /** A side's server announced a change (`Storage.listen`), in `collection` if it said which. */
  announced(side: Side, collection: string | undefined): void {
    if (this.#stopped) return;
    this.#announced = true;
    if (this.#running === undefined) this.#debouncer.add(this.#mappingOf(side, collection));
    else this.#changedDuringSync.add(this.#mappingOf(side, collection));
  }

  /** Stops scheduling and waits for the sync in flight, if any. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#pollTimer);
    this.#debouncer.cancel();
    for (const watcher of this.#watchers) watcher.close();
    await this.#running;
  }

  /** The mapping a changed collection folder belongs to; undefined for the whole pair. */
  #mappingOf(side: Side, collection: string | undefined): string | undefined {
    if (collection === undefined) return undefined;
    const declared = this.options.pair.collections;
    const names =
      declared?.kind === "list"
        ? declared.entries.filter((entry) => entry[side] === collection).map((entry) => entry.name)
        : [collection];
    // A folder no mapping knows yet (just created) is found by a sync of the whole pair.
    return names.length === 1 && this.#mappings.has(names[0] as string) ? names[0] : undefined;
  }

  /** A burst of events is over: sync if the files differ from what the last sync left. */
  async #settled(names: ReadonlySet<string | undefined>): Promise<void> {
    if (this.#running !== undefined || this.#stopped) return;
    const now = await Promise.all(this.#watchers.map((watcher) => watcher.fingerprint()));
    const announced = this.#announced;
    this.#announced = false;
    if (!announced && now.every((fingerprint, index) => fingerprint === this.#fingerprints[index])) return;
    const { only } = this.options;
    if (names.has(undefined)) {
      this.#request("pair", "change");
      return;
    }
    const selected = [...names].filter((name): name is string => name !== undefined);
    const wanted = only === undefined ? selected : selected.filter((name) => only.includes(name));
    if (wanted.length > 0) this.#request(new Set(wanted), "change");
  }

  #request(scope: Scope, reason: SyncReason): void {
    if (this.#stopped) return;
    this.#pending = this.#pending ? { scope: widen(this.#pending.scope, scope), reason } : { scope, reason };
    // A failed pair waits out its back-off; the retry covers what was asked meanwhile.
    if (this.#running === undefined && this.#retryTimer === undefined) this.#running = this.#drain();
  }

  async #drain(): Promise<void> {
    clearTimeout(this.#pollTimer);
    while (this.#pending !== undefined && !this.#stopped && this.#retryTimer === undefined) {
      const { scope, reason } = this.#pending;
      this.#pending = undefined;
      await this.#syncOnce(scope, reason);
    }
    this.#running = undefined;
    const { pollMs } = this.options;
    if (pollMs !== undefined && !this.#stopped && this.#retryTimer === undefined)
      this.#pollTimer = setTimeout(() => this.#request("pair", "poll"), pollMs);
  }

  async #syncOnce(scope: Scope, reason: SyncReason): Promise<void> {
    const collections = scope === "pair" ? this.options.only : [...scope];
    const started = performance.now();
    const report = await this.options.sync(collections);
    const durationMs = Math.round(performance.now() - started);
    const failed = report.error !== undefined || report.collections.some((c) => c.error !== undefined);
    let retryInMs: number | undefined;
    if (failed && !this.#stopped) {
      this.#failures += 1;
      retryInMs = backoffDelay(this.#failures, this.options.backoff);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#request("pair", "retry");
      }, retryInMs);
    } else if (!failed) {
      this.#failures = 0;
      if (scope === "pair") this.#mappings = new Set(report.collections.map((collection) => collection.name));
    }
    for (const watcher of this.#watchers) watcher.refresh();
    this.#fingerprints = await Promise.all(this.#watchers.map((watcher) => watcher.fingerprint()));
    const changed = this.#changedDuringSync;
    this.#changedDuringSync = new Set();
    if (changed.size > 0 && !failed) {
      const names = [...changed].filter((name): name is string => name !== undefined);
      this.#request(changed.has(undefined) ? "pair" : new Set(names), "change");
    }
    this.options.onEvent({
      kind: "sync",
      pair: this.options.pair.name,
      collections: scope === "pair" ? this.options.only : collections,
      reason,
      report,
      durationMs,
      retryInMs,
    });
  }
}

function widen(current: Scope, added: Scope): Scope {
  if (current === "pair" || added === "pair") return "pair";
  return new Set([...current, ...added]);
}
