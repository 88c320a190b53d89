/**
 * Gathers a burst of file events into one call: the call comes once the events have been quiet
 * for a while, or after a longer bound when they never stop (an editor saving every second).
 * @module
 */

export interface DebounceTimes {
  /** The quiet period that ends a burst. */
  readonly quietMs: number;
  /** The longest a burst is held back. */
  readonly maxMs: number;
}

export const defaultDebounce: DebounceTimes = { quietMs: 500, maxMs: 5_000 };

export class Debouncer<Key> {
  readonly #keys = new Set<Key>();
  #quiet: NodeJS.Timeout | undefined;
  #bound: NodeJS.Timeout | undefined;

  constructor(
    private readonly times: DebounceTimes,
    private readonly fire: (keys: ReadonlySet<Key>) => void,
  ) {}

  add(key: Key): void {
    this.#keys.add(key);
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => this.flush(), this.times.quietMs);
    this.#bound ??= setTimeout(() => this.flush(), this.times.maxMs);
  }

  /** Forgets the burst without firing. */
  cancel(): void {
    clearTimeout(this.#quiet);
    clearTimeout(this.#bound);
    this.#quiet = this.#bound = undefined;
    this.#keys.clear();
  }

  private flush(): void {
    const keys = new Set(this.#keys);
    this.cancel();
    if (keys.size > 0) this.fire(keys);
  }
}
