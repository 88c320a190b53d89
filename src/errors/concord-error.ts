/**
 * The base of every error concord raises on purpose.
 *
 * Each subclass lives in its own file, has a `code` equal to its class name and declares a
 * `disposition` that tells the engine what to do when it meets one:
 * - `retryable`: the same request may succeed later (network blip, 503, 429);
 * - `item`: only the item at hand failed; the rest of the collection goes on;
 * - `collection`: this collection cannot be synchronised now; other collections go on;
 * - `fatal`: nothing more can be done in this run (bad config, broken status database).
 * @module
 */
export type Disposition = "retryable" | "item" | "collection" | "fatal";

export abstract class ConcordError<Data extends object = object> extends Error {
  abstract readonly code: string;
  abstract readonly disposition: Disposition;
  /** The API function the error passed through, set once at the API boundary. */
  caller?: string;

  constructor(
    message: string,
    readonly data: Data,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): { code: string; message: string; data: Data; caller?: string } {
    return { code: this.code, message: this.message, data: this.data, caller: this.caller };
  }
}
