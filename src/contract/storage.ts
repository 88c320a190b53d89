/**
 * The interface every storage implements. The engine speaks only through it, so a new kind of
 * storage (CalDAV, a mail folder, a file tree) is a new folder under `src/storages/` and never a
 * change to the engine. This module sits below everything else: config, engine and storages all
 * import it, and it imports none of them.
 *
 * A storage holds collections; a collection holds items. The engine lists a collection as
 * `(href, version, attributes)`, reads the body of the items whose version it has not seen, and
 * writes with preconditions: `update`, `move`, `setAttributes` and `delete` name the version
 * they expect to replace, and fail with `PreconditionFailedError` when the item changed
 * underneath. What the items are (events, files, messages) is the storage's `model`.
 * @module
 */
import type { ZodType } from "zod";
import type { Attributes } from "./attributes.js";
import type { Body } from "./body.js";
import type { ItemModel } from "./item-model.js";

/** An item's name inside its collection, as the storage spells it. Opaque to the engine. */
export type Href = string & { readonly __brand: "Href" };
/**
 * What changes whenever an item's content changes: an ETag, or a local file's fingerprint.
 * Compared for equality only.
 */
export type Version = string & { readonly __brand: "Version" };
/**
 * A collection's stable id: a vdir folder name, the last segment of a DAV collection URL, a mail
 * folder `INBOX/Sub`. Ids nest with `/`; each storage escapes them as its names allow.
 */
export type CollectionId = string & { readonly __brand: "CollectionId" };

export const asHref = (value: string): Href => value as Href;
export const asVersion = (value: string): Version => value as Version;

/** Rejects ids with an empty, `.` or `..` segment or a control character: they could escape a folder. */
export function asCollectionId(value: string): CollectionId {
  const badSegment = value
    .split("/")
    .some((segment) => segment === "" || segment === "." || segment === "..");
  // Control characters never belong in an id; the character class is the point.
  // eslint-disable-next-line no-control-regex
  const bad = badSegment || /[\0-\x1f\x7f]/.test(value);
  if (bad) throw new TypeError(`not a valid collection id: ${JSON.stringify(value)}`);
  return value as CollectionId;
}

/** Whether an id names a collection inside another (`INBOX/Sub`). */
export const isNestedId = (id: CollectionId): boolean => id.includes("/");

/** Collection properties carried between storages when a pair's `metadata` names them. */
export const propertyNames = ["displayname", "color", "description", "order"] as const;
export type PropertyName = (typeof propertyNames)[number];
export type Properties = Partial<Record<PropertyName, string>>;

/** What a storage knows about one of its collections. */
export interface CollectionInfo {
  readonly id: CollectionId;
  /** Where the storage finds it: a folder path, a file path, a URL. Shown to users. */
  readonly href: string;
  /**
   * What the collection is for, where the storage says (an IMAP folder's special use, RFC 6154):
   * collections of one role are paired whatever their names ("Sent Items" with "Sent").
   */
  readonly role?: CollectionRole;
  /**
   * An id that stays when the collection is renamed (an IMAP folder's MAILBOXID, RFC 8474): a
   * collection renamed on one side is then renamed on the other, not deleted there and copied.
   */
  readonly stableId?: string;
}

/** The special uses of RFC 6154, and the inbox. */
export const collectionRoles = [
  "inbox",
  "sent",
  "drafts",
  "trash",
  "junk",
  "archive",
  "all",
  "flagged",
] as const;
export type CollectionRole = (typeof collectionRoles)[number];

export interface ListedItem {
  readonly href: Href;
  readonly version: Version;
  /** What the item carries apart from its content (a file's mode and mtime); see attributes.ts. */
  readonly attributes?: Attributes;
  /**
   * When the item arrived, in milliseconds since the epoch (an IMAP INTERNALDATE, a Maildir
   * delivery's time), where the storage knows: a pair's `max_age` leaves older ones alone.
   */
  readonly received?: number;
  /**
   * The item's content hash under the storage's model, where the storage knows it without reading
   * the item (a relay's change sets record it): the engine then reads the item only to copy it.
   */
  readonly hash?: string;
}

/**
 * An item both sides of a pair are known to have held before their first sync (places that start
 * from copies of one tree): `Collection.baseline`.
 */
export interface BaselineItem {
  readonly href: Href;
  /** The version the collection's own first listing gives the item, if it still holds it so. */
  readonly version: Version;
  readonly hash: string;
  readonly attributes?: Attributes;
}

/**
 * The answer to `list`. A storage that can tell what changed since an earlier listing (a sync
 * token, an unchanged CTag) answers `delta` or `unchanged`; the engine completes the picture from
 * its status. `state` is stored and handed back to the next `list` call.
 */
export type Listing =
  | {
      readonly kind: "full";
      readonly items: readonly ListedItem[];
      readonly state?: string;
      /** Entries the storage left out of the listing and why (a FIFO, a name it cannot carry). */
      readonly skipped?: readonly Skipped[];
    }
  | {
      readonly kind: "delta";
      readonly changed: readonly ListedItem[];
      readonly removed: readonly Href[];
      readonly state: string;
    }
  | { readonly kind: "unchanged"; readonly state: string };

/** An entry a listing left out, named where the user can find it. */
export interface Skipped {
  /** Where it is: a path, a URL. */
  readonly where: string;
  readonly why: string;
  /**
   * Set when the entry is an item that is there but cannot be carried (a name that differs from
   * another only in case): the engine leaves it and its counterpart alone, never reading its
   * absence from the listing as a deletion.
   */
  readonly href?: Href;
  /** Left out because the storage's config asks so (a calendar's date range): said with -v only. */
  readonly chosen?: boolean;
}

/** Every item of a collection, and the listing state they were read at. */
export interface ReadAll {
  readonly items: AsyncIterable<Fetched>;
  readonly state?: string;
}

/** One answer of `get`: the item's body, or why this one href could not be read. */
export type Fetched =
  | {
      readonly href: Href;
      readonly version: Version;
      readonly body: Body;
      readonly attributes?: Attributes;
    }
  | { readonly href: Href; readonly error: Error };

/** The result of a write. `version` is absent when the storage did not say (a PUT without ETag). */
export interface Written {
  readonly href: Href;
  readonly version?: Version;
  /** The attributes the item has now, where the storage keeps any. */
  readonly attributes?: Attributes;
}

/** How `create` names a new item. */
export interface CreateOptions {
  /**
   * `name` is the href itself (a file's relative path), not a suggestion: the create fails with
   * PreconditionFailedError when that name is taken, rather than choosing another.
   */
  readonly exact?: boolean;
  readonly attributes?: Attributes;
}

/** Whether a storage is there to be synchronised at all. */
export type Presence =
  | {
      readonly kind: "present";
      /** The root's mark (see `Storage.mark`), if it has one yet. */
      readonly mark?: string;
      /** The storage holds nothing at all: with a remembered mark, an empty mount point. */
      readonly empty?: boolean;
    }
  /** An unplugged disk, a missing root: nothing may be read as deleted. `why` says what is missing. */
  | { readonly kind: "absent"; readonly why: string };

export interface Capabilities {
  /** Writes fail with ReadOnlyError (a WebCal feed, a storage configured `read_only`). */
  readonly readOnly: boolean;
  /** How many writes the engine may have in flight at once on one collection. */
  readonly writeConcurrency: number;
  /** The largest number of hrefs worth asking of `get` in one call. */
  readonly fetchBatchSize: number;
  /**
   * How many writes the engine makes before it flushes them and records them in the status;
   * unset, a few hundred. A storage whose flush rewrites a whole file asks for a whole run's
   * (`Infinity`): a run killed before the end then leaves that file as it was, with nothing
   * recorded, and the next run does it all again.
   */
  readonly writesPerFlush?: number;
  /**
   * The listing is a journal (a relay's change sets): `list(state)` answers what came after any
   * earlier state, and the state is a position that is never given up. A run that leaves an item
   * failed stores the position it started from, so the next run reads the same entries again and
   * retries that item, instead of dropping the state and listing everything.
   */
  readonly journal?: boolean;
}

/** One collection of a storage, opened for listing and writing. */
export interface Collection {
  readonly info: CollectionInfo;
  /** Lists every item, or what changed since `state` (an earlier listing's `state`). */
  list(state?: string): Promise<Listing>;
  /**
   * Whether the collection leaves `href` alone (a files storage's ignore rules): an item there is
   * neither carried from nor written to it, and one that became ignored is not taken for deleted.
   */
  ignores?(href: Href): boolean;
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
   * Adds a new item. `name` is a suggestion for its href (the item's UID) that the storage makes
   * safe and unique, or with `exact` the href itself. Never replaces an existing item.
   */
  create(body: Body, name: string, options?: CreateOptions): Promise<Written>;
  /** Replaces an item's content if it is still at `version`; otherwise PreconditionFailedError. */
  update(href: Href, version: Version | undefined, body: Body, attributes?: Attributes): Promise<Written>;
  /** Removes an item if it is still at `version`; otherwise PreconditionFailedError. */
  delete(href: Href, version: Version | undefined): Promise<void>;
  /**
   * Gives an item at `version` the exact href `to` without rewriting its content (a renamed
   * file). Fails with PreconditionFailedError when `to` is taken or the item changed. Storages
   * whose model pairs items by href implement it: the engine turns a deletion and a creation of
   * the same content into a move.
   */
  move?(href: Href, version: Version | undefined, to: string): Promise<Written>;
  /** Changes an item's attributes (a file's mode or mtime) without rewriting its content. */
  setAttributes?(href: Href, version: Version | undefined, attributes: Attributes): Promise<Written>;
  /**
   * Makes every write so far durable. Storages that buffer or defer durability implement it; the
   * engine records a write in the status only after the flush that follows it.
   */
  flush?(): Promise<void>;
  /**
   * Told the listing state the status now holds, once the run's status is committed: a journal
   * (a relay) may forget what every reader has acknowledged.
   */
  acknowledge?(state: string): Promise<void>;
  /**
   * What the collection and its counterpart held before their first sync (a relay's manifest of
   * the tree its places started from as copies): on a mapping's first sync the engine takes it as
   * the last agreement, so what matches needs no copy and what differs is an ordinary change.
   */
  baseline?(): Promise<readonly BaselineItem[]>;
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
  /** What its items are and how they pair; a pair's two sides share the kind. */
  readonly model: ItemModel;
  readonly capabilities: Capabilities;
  /**
   * Whether the storage is there (a plugged-in disk, an existing root). Storages that can be
   * absent implement it; an absent storage is never listed, so nothing is read as deleted.
   */
  probe?(): Promise<Presence>;
  /**
   * Leaves a mark in the storage that tells it from any other (a `.concord-id` file at a tree's
   * root) and returns it; the status remembers it, and a later run that finds another mark, or
   * none, refuses the storage instead of syncing a different disk.
   */
  mark?(): Promise<string>;
  /** Every collection the storage holds now. */
  discover(): Promise<CollectionInfo[]>;
  /** Opens a collection found by `discover` (or created by `createCollection`). */
  open(info: CollectionInfo): Collection;
  /** Makes a new, empty collection with the given id. Storages that cannot omit it. */
  createCollection?(id: CollectionId, properties: Properties): Promise<CollectionInfo>;
  /** Removes an empty collection. */
  deleteCollection?(info: CollectionInfo): Promise<void>;
  /** Gives a collection another id (an IMAP RENAME), keeping its items. */
  renameCollection?(info: CollectionInfo, to: CollectionId): Promise<CollectionInfo>;
  /** Releases connections, file handles and the like. */
  close?(): Promise<void>;
  /**
   * Tells of changes as the server announces them (IMAP IDLE), for `concord daemon`, which
   * gives this instance to listening alone. `onChange` names the collection where it can;
   * `onLost` reports a listening that ended (a dropped connection): the daemon listens anew
   * later. The storage is still polled for what it does not announce.
   */
  listen?(
    onChange: (collection: CollectionId | undefined) => void,
    onLost: (error: Error) => void,
  ): Promise<Listening>;
}

/** A storage's listening for changes, until closed. */
export interface Listening {
  close(): Promise<void>;
}

/** How a local storage's changes show on disk, for the daemon's watcher. */
export type WatchLayout =
  /** Each sub-folder of `root` is a collection (a vdir). */
  | { readonly kind: "folders"; readonly root: string }
  /** Collections are files in `folder`; `collectionOf` tells which one a file name is, if any. */
  | {
      readonly kind: "files";
      readonly folder: string;
      readonly collectionOf: (fileName: string) => CollectionId | undefined;
      /** The one file, when the storage is a single file rather than a pattern. */
      readonly file?: string;
    }
  /**
   * The tree below `root`, watched whole: one collection (a file tree), or, with `collection`
   * unset, collections nested in it that a change does not name (Maildir folders), so a change
   * synchronises the pair. `ignores` tells the paths it leaves alone.
   */
  | {
      readonly kind: "tree";
      readonly root: string;
      readonly collection?: CollectionId;
      readonly ignores: (relative: string) => boolean;
    };

/** What a storage folder's `index.ts` exports: how to build one from its config table. */
export interface StorageDefinition<Config extends { type: string } = { type: string }> {
  readonly type: Config["type"];
  /** One line for `concord help` and the docs. */
  readonly description: string;
  /** Validates the `[storage.NAME]` table, `type` included; unknown keys are rejected. */
  readonly configSchema: ZodType<Config>;
  /**
   * Where a local storage's changes show, for `concord daemon` to watch; storages without it are
   * polled every `pollSeconds`.
   */
  watchLayout?(config: Config): WatchLayout;
  /** How often the daemon looks at a storage it cannot watch (a server), in seconds. */
  pollSeconds?(config: Config): number;
  /** Whether its storages announce changes (`Storage.listen`), which the daemon then listens to. */
  announces?(config: Config): boolean;
  /** What the storage's items are, known from its table alone: pairs are checked before any storage is built. */
  modelFor(config: Config): ItemModel;
  /** Builds the storage. Secrets in `config` are still unresolved; see `config/secrets.ts`. */
  create(name: string, config: Config, context?: StorageContext): Promise<Storage>;
}

/** What a storage may use of its surroundings. */
export interface StorageContext {
  /** Receives one line per request or other step worth explaining (`-v`); never a secret. */
  readonly explain?: (line: string) => void;
}
