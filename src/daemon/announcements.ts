/**
 * Listens to what a server announces (IMAP IDLE) for as long as the daemon runs. A listening that
 * ends (a dropped connection, a server restart) starts anew after a pause, on a storage instance
 * of its own: the one the syncs use is never held in IDLE.
 * @module
 */
import type { Listening, Storage } from "../contract/index.js";

export interface AnnouncementOptions {
  /** Opens a storage instance for listening alone. */
  readonly open: () => Promise<Storage>;
  readonly onChange: (collection: string | undefined) => void;
  /** How long to wait before listening again after it ended or could not start. */
  readonly retryMs: number;
  /** Told why a listening ended, for the log. */
  readonly onLost?: (error: Error) => void;
}

export class Announcements {
  #storage: Storage | undefined;
  #listening: Listening | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly options: AnnouncementOptions) {}

  /** Starts listening; false when the storage announces nothing (it is polled only). */
  async start(): Promise<boolean> {
    try {
      const storage = await this.options.open();
      if (!storage.listen) {
        await storage.close?.();
        return false;
      }
      this.#storage = storage;
      this.#listening = await storage.listen(
        (collection) => {
          if (!this.#closed) this.options.onChange(collection);
        },
        (error) => void this.#lost(error),
      );
      if (this.#closed) await this.#release();
    } catch (error) {
      await this.#lost(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#release();
  }

  async #lost(error: Error): Promise<void> {
    await this.#release();
    if (this.#closed) return;
    this.options.onLost?.(error);
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.start(), this.options.retryMs);
  }

  async #release(): Promise<void> {
    const [listening, storage] = [this.#listening, this.#storage];
    this.#listening = this.#storage = undefined;
    await listening?.close().catch(() => undefined);
    await storage?.close?.().catch(() => undefined);
  }
}
