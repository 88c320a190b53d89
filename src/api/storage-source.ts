/**
 * Where a sync gets the storages of a pair. A single run opens them and closes them after; the
 * daemon keeps its remote ones open between syncs (`KeptStorages`).
 * @module
 */
import type { Config, PairConfig } from "../config/index.js";
import type { Side } from "../engine/types.js";
import type { Storage, StorageContext } from "../contract/index.js";
import { openPairStorages, openStorage } from "./open.js";

export interface StorageSource {
  open(pair: PairConfig): Promise<Record<Side, Storage>>;
  /** Called once the pair's sync is over; `failed` when it did not end clean. */
  release(pair: PairConfig, storages: Record<Side, Storage>, failed: boolean): Promise<void>;
}

/** Opens a pair's storages for one sync and closes them after it. */
export function freshStorages(config: Config, context: StorageContext = {}): StorageSource {
  return {
    open: (pair) => openPairStorages(config, pair, context),
    release: async (_pair, storages) => {
      await Promise.all([storages.a.close?.(), storages.b.close?.()]);
    },
  };
}

/**
 * Keeps the storages that hold connections (those with `close`: CalDAV, CardDAV, WebCal) open
 * from one sync to the next: a DAV account then finds its home set once and keeps its
 * connections and the authentication it learned, so a poll where nothing changed costs one
 * PROPFIND of the home and one per collection. Local storages are opened afresh every time. A
 * sync that failed drops what was kept: the retry starts from discovery, in case the server
 * moved things.
 */
export class KeptStorages implements StorageSource {
  /** By pair and side: pairs never share an instance, so one pair's failure closes nothing another uses. */
  readonly #kept = new Map<string, Promise<Storage>>();

  constructor(
    private readonly config: Config,
    private readonly context: StorageContext = {},
  ) {}

  async open(pair: PairConfig): Promise<Record<Side, Storage>> {
    const [a, b] = await Promise.all([this.#storage(pair, "a"), this.#storage(pair, "b")]);
    return { a, b };
  }

  async release(pair: PairConfig, _storages: Record<Side, Storage>, failed: boolean): Promise<void> {
    if (failed) await Promise.all([this.#drop(keyOf(pair, "a")), this.#drop(keyOf(pair, "b"))]);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#kept.keys()].map((key) => this.#drop(key)));
  }

  async #storage(pair: PairConfig, side: Side): Promise<Storage> {
    const key = keyOf(pair, side);
    const kept = this.#kept.get(key);
    if (kept) return kept;
    const opening = openStorage(this.config, pair[side], this.context);
    const storage = await opening;
    // Local storages hold nothing worth keeping and have nothing to close.
    if (storage.close) this.#kept.set(key, opening);
    return storage;
  }

  async #drop(key: string): Promise<void> {
    const kept = this.#kept.get(key);
    this.#kept.delete(key);
    await (await kept)?.close?.();
  }
}

const keyOf = (pair: PairConfig, side: Side): string => `${pair.name}\n${side}`;
