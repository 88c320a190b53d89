/**
 * Where a relay keeps its objects: a local folder, a WebDAV share, an S3 bucket. Objects are named
 * by keys of `/`-separated segments (`sets/home.3/…`); a backend only stores, reads, lists and
 * removes them. Everything a relay means by them is above this interface.
 * @module
 */

export interface StoredObject {
  readonly key: string;
  readonly size: number;
}

export interface RelayBackend {
  /** Where the relay is, for messages (a folder, a URL without credentials). */
  readonly where: string;
  /**
   * The whole object, or undefined when there is none. UnavailableError, here and from `list`,
   * when the relay itself (its folder, its collection) is not there: never read as empty.
   */
  read(key: string): Promise<Uint8Array | undefined>;
  /** The object as a stream; NotFoundError when there is none. */
  open(key: string): AsyncIterable<Uint8Array>;
  /**
   * Stores an object so that readers see the whole of it or nothing (a temp name, then a rename;
   * a single PUT), replacing any object of that key.
   */
  write(key: string, content: Uint8Array | AsyncIterable<Uint8Array>): Promise<void>;
  /**
   * Makes what was written below `folder` (a folder's key ending in `/`, or `""`) survive a power
   * cut, where a write alone does not: a folder's renames are durable only once it is fsynced, with
   * the folders above it. A store whose writes are durable when they return (WebDAV, S3) has none.
   * Called once for many writes: every blob of a set before its index, each record after it.
   */
  settle?(folder: string): Promise<void>;
  /** Every object whose key starts with `prefix` (a folder's, ending in `/`), at any depth. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Removes an object; one that is already gone is not an error. */
  remove(key: string): Promise<void>;
  /** Removes everything under `prefix` (a folder's, ending in `/`), unfinished writes included. */
  removeAll(prefix: string): Promise<void>;
  close?(): Promise<void>;
}
