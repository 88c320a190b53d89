/**
 * The interface every storage implements. The engine speaks only through it, so a new kind of
 * storage (CalDAV, a mail folder, a file tree) is a new folder under `src/storages/` and never a
 * change to the engine.
 *
 * A storage holds collections; a collection holds items. The engine lists a collection as
 * `(href, version)` pairs, fetches the content of the items whose version it has not seen, and
 * writes with preconditions: `update` and `delete` name the version they expect to replace, and
 * fail with `PreconditionFailedError` when the item changed underneath.
 * @module
 */
import type { ZodType } from "zod";

/** An item's name inside its collection, as the storage spells it. Opaque to the engine. */
export type Href = string & { readonly __brand: "Href" };
/**
 * What changes whenever an item's content changes: an ETag, or a local file's fingerprint.
 * Compared for equality only.
 */
export type Version = string & { readonly __brand: "Version" };
/** A collection's stable id: a vdir folder name, the last segment of a DAV collection URL. */
export type CollectionId = string & { readonly __brand: "CollectionId" };

export const asHref = (value: string): Href => value as Href;
export const asVersion = (value: string): Version => value as Version;

/** Rejects ids that could not be a single path segment on any storage. */
export function asCollectionId(value: string): CollectionId {
  // Control characters never belong in an id; the character class is the point.
  // eslint-disable-next-line no-control-regex
  if (value === "" || value === "." || value === ".." || value.includes("/") || /[\0-\x1f\x7f]/.test(value)) {
    throw new TypeError(`not a valid collection id: ${JSON.stringify(value)}`);
  }
  return value as CollectionId;
}

/** Collection properties carried between storages when a pair's `metadata` names them. */
export const propertyNames = ["displayname", "color", "description", "order"] as const;
export type PropertyName = (typeof propertyNames)[number];
export type Properties = Partial<Record<PropertyName, string>>;

/** What a storage knows about one of its collections. */
export interface CollectionInfo {
  readonly id: CollectionId;
  /** Where the storage finds it: a folder path, a file path, a URL. Shown to users. */
  readonly href: string;
}

export interface ListedItem {
  readonly href: Href;
  readonly version: Version;
}

/**
 * The answer to `list`. A storage that can tell what changed since an earlier listing (a sync
 * token, an unchanged CTag) answers `delta` or `unchanged`; the engine completes the picture from
 * its status. `state` is stored and handed back to the next `list` call.
 */
export type Listing =
  | { readonly kind: "full"; readonly items: readonly ListedItem[]; readonly state?: string }
  | {
      readonly kind: "delta";
      readonly changed: readonly ListedItem[];
      readonly removed: readonly Href[];
      readonly state: string;
    }
  | { readonly kind: "unchanged"; readonly state: string };

/** Every item of a collection, and the listing state they were read at. */
export interface ReadAll {
  readonly items: AsyncIterable<Fetched>;
  readonly state?: string;
}

/** One answer of `get`: the item's bytes, or why this one href could not be read. */
export type Fetched =
  | { readonly href: Href; readonly version: Version; readonly content: Uint8Array }
  | { readonly href: Href; readonly error: Error };

/** The result of a write. `version` is absent when the storage did not say (a PUT without ETag). */
export interface Written {
  readonly href: Href;
  readonly version?: Version;
}

export interface Capabilities {
  /** Writes fail with ReadOnlyError (a WebCal feed, a storage configured `read_only`). */
  readonly readOnly: boolean;
  /** How many writes the engine may have in flight at once on one collection. */
  readonly writeConcurrency: number;
  /** The largest number of hrefs worth asking of `get` in one call. */
  readonly fetchBatchSize: number;
}

/** One collection of a storage, opened for listing and writing. */
export interface Collection {
  readonly info: CollectionInfo;
  /** Lists every item, or what changed since `state` (an earlier listing's `state`). */
  list(state?: string): Promise<Listing>;
  /** Reads the given items. Hrefs that no longer exist come back with a NotFoundError. */
  get(hrefs: readonly Href[]): AsyncIterable<Fetched>;
  /**
   * Reads every item of the collection at once, with a `state` that a later `list` continues
   * from as it would from its own. Storages where one request for everything costs far less than
   * listing and asking by href (a CalDAV calendar-query) implement it; the engine uses it when
   * most of the collection must be read anyway, a first sync above all.
   */
  readAll?(): Promise<ReadAll>;
  /**
   * Adds a new item. `name` is a suggestion for its href (the item's UID); the storage makes it
   * safe and unique. Never replaces an existing item.
   */
  create(content: Uint8Array, name: string): Promise<Written>;
  /** Replaces an item if it is still at `version`; otherwise PreconditionFailedError. */
  update(href: Href, version: Version | undefined, content: Uint8Array): Promise<Written>;
  /** Removes an item if it is still at `version`; otherwise PreconditionFailedError. */
  delete(href: Href, version: Version | undefined): Promise<void>;
  /**
   * Makes every write so far durable. Storages that buffer or defer durability implement it; the
   * engine records a write in the status only after the flush that follows it.
   */
  flush?(): Promise<void>;
  getProperties?(): Promise<Properties>;
  setProperty?(name: PropertyName, value: string | undefined): Promise<void>;
  /**
   * Where a user finds the item `href`: its file's path, its URL. Storages whose items have no
   * place of their own (items of one file or feed) omit it; messages then name the collection.
   */
  locate?(href: Href): string;
}

export interface Storage {
  /** The storage's name in the config, for messages. */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Every collection the storage holds now. */
  discover(): Promise<CollectionInfo[]>;
  /** Opens a collection found by `discover` (or created by `createCollection`). */
  open(info: CollectionInfo): Collection;
  /** Makes a new, empty collection with the given id. Storages that cannot omit it. */
  createCollection?(id: CollectionId, properties: Properties): Promise<CollectionInfo>;
  /** Removes an empty collection. */
  deleteCollection?(info: CollectionInfo): Promise<void>;
  /** Releases connections, file handles and the like. */
  close?(): Promise<void>;
}

/** What a storage folder's `index.ts` exports: how to build one from its config table. */
export interface StorageDefinition<Config extends { type: string } = { type: string }> {
  readonly type: Config["type"];
  /** One line for `concord help` and the docs. */
  readonly description: string;
  /** Validates the `[storage.NAME]` table, `type` included; unknown keys are rejected. */
  readonly configSchema: ZodType<Config>;
  /** Builds the storage. Secrets in `config` are still unresolved; see `config/secrets.ts`. */
  create(name: string, config: Config, context?: StorageContext): Promise<Storage>;
}

/** What a storage may use of its surroundings. */
export interface StorageContext {
  /** Receives one line per request or other step worth explaining (`-v`); never a secret. */
  readonly explain?: (line: string) => void;
}
