/**
 * The reference storage: collections and items in memory. The engine's tests run on it, so it
 * implements every precondition exactly as a careful server would, and nothing more.
 * @module
 */
import { NotFoundError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import {
  type Attributes,
  asHref,
  asVersion,
  type Body,
  bytesBody,
  type Capabilities,
  type Collection,
  type CollectionId,
  type CreateOptions,
  type CollectionInfo,
  type Fetched,
  type ReadAll,
  type Href,
  type ItemModel,
  type Listing,
  type Properties,
  type PropertyName,
  readBody,
  type Storage,
  type Version,
  type Written,
} from "../../contract/index.js";
import { calendarModel } from "../../models/pim.js";

interface StoredItem {
  version: Version;
  content: Uint8Array;
  attributes?: Attributes;
  /** When it arrived (ms since the epoch), listed for `max_age` where a test sets it. */
  received?: number;
}

export interface MemoryCollection {
  items: Map<Href, StoredItem>;
  properties: Properties;
  /** An id that stays through renames, as an IMAP folder's MAILBOXID; none unless given. */
  stableId?: string;
}

/** Everything a memory storage holds; two instances given the same one see the same data. */
export type MemoryData = Map<CollectionId, MemoryCollection>;

export interface MemoryStorageOptions {
  /** What the items are; calendars unless told otherwise. */
  model?: ItemModel;
  readOnly?: boolean;
  data?: MemoryData;
  /** Called before every write; a test throws from it to simulate a failure or a crash. */
  beforeWrite?: (kind: WriteKind, collection: CollectionId, href: Href | undefined) => void;
}

type WriteKind = "create" | "update" | "delete" | "move" | "setAttributes";

export class MemoryStorage implements Storage {
  readonly capabilities: Capabilities;
  readonly model: ItemModel;
  readonly collections: MemoryData;
  private nextVersion = 1;

  constructor(
    readonly name: string,
    private readonly options: MemoryStorageOptions = {},
  ) {
    this.collections = options.data ?? new Map();
    this.model = options.model ?? calendarModel;
    this.capabilities = { readOnly: options.readOnly ?? false, writeConcurrency: 4, fetchBatchSize: 50 };
  }

  async discover(): Promise<CollectionInfo[]> {
    return [...this.collections].map(([id, { stableId }]) => ({
      id,
      href: `memory:${this.name}/${id}`,
      ...(stableId === undefined ? {} : { stableId }),
    }));
  }

  async renameCollection(info: CollectionInfo, to: CollectionId): Promise<CollectionInfo> {
    const collection = this.collections.get(info.id);
    if (!collection) throw new NotFoundError(`${info.href}: no such collection`, { what: info.href });
    if (this.collections.has(to)) {
      throw new PreconditionFailedError(`memory:${this.name}/${to}: the name is taken`, { what: to });
    }
    this.collections.delete(info.id);
    this.collections.set(to, collection);
    const renamed = { id: to, href: `memory:${this.name}/${to}` };
    return collection.stableId === undefined ? renamed : { ...renamed, stableId: collection.stableId };
  }

  async createCollection(id: CollectionId, properties: Properties): Promise<CollectionInfo> {
    if (!this.collections.has(id))
      this.collections.set(id, { items: new Map(), properties: { ...properties } });
    return { id, href: `memory:${this.name}/${id}` };
  }

  async deleteCollection(info: CollectionInfo): Promise<void> {
    this.collections.delete(info.id);
  }

  /** A fresh version string, as a server mints a new ETag on every write. */
  mintVersion(): Version {
    return asVersion(`v${this.nextVersion++}`);
  }

  open(info: CollectionInfo): Collection {
    return new MemoryCollectionHandle(this, info);
  }

  /** Fails like a storage would before writing: read-only, or whatever the test's hook throws. */
  guardWrite(kind: WriteKind, info: CollectionInfo, href: Href | undefined): void {
    if (this.capabilities.readOnly)
      throw new ReadOnlyError(`${this.name} is read-only`, { storage: this.name });
    this.options.beforeWrite?.(kind, info.id, href);
  }
}

class MemoryCollectionHandle implements Collection {
  constructor(
    private readonly storage: MemoryStorage,
    readonly info: CollectionInfo,
  ) {}

  private data(): MemoryCollection {
    const found = this.storage.collections.get(this.info.id);
    if (!found) throw new NotFoundError(`${this.info.href}: no such collection`, { what: this.info.href });
    return found;
  }

  private existing(href: Href, version: Version | undefined): StoredItem {
    const item = this.data().items.get(href);
    if (!item) throw new NotFoundError(`${this.info.href}/${href}: not found`, { what: href });
    if (version !== undefined && item.version !== version) {
      throw new PreconditionFailedError(`${this.info.href}/${href}: changed since it was listed`, {
        what: href,
      });
    }
    return item;
  }

  async list(): Promise<Listing> {
    return {
      kind: "full",
      items: [...this.data().items].map(([href, item]) => ({
        href,
        version: item.version,
        attributes: item.attributes,
        ...(item.received === undefined ? {} : { received: item.received }),
      })),
    };
  }

  async readAll(): Promise<ReadAll> {
    const items = [...this.data().items].map(([href, item]): Fetched => fetched(href, item));
    return { items: toAsync(items) };
  }

  async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
    for (const href of hrefs) {
      const item = this.data().items.get(href);
      yield item
        ? fetched(href, item)
        : { href, error: new NotFoundError(`${this.info.href}/${href}: not found`, { what: href }) };
    }
  }

  async create(body: Body, name: string, options: CreateOptions = {}): Promise<Written> {
    this.storage.guardWrite("create", this.info, undefined);
    const content = await readBody(body);
    const items = this.data().items;
    let href = asHref(name);
    if (options.exact && items.has(href)) {
      throw new PreconditionFailedError(`${this.info.href}/${href}: the name is taken`, { what: href });
    }
    for (let n = 2; items.has(href); n++) href = asHref(`${name}-${n}`);
    return this.put(href, { content, attributes: options.attributes });
  }

  async update(
    href: Href,
    version: Version | undefined,
    body: Body,
    attributes?: Attributes,
  ): Promise<Written> {
    this.storage.guardWrite("update", this.info, href);
    const was = this.existing(href, version);
    return this.put(href, { content: await readBody(body), attributes: attributes ?? was.attributes });
  }

  async move(href: Href, version: Version | undefined, to: string): Promise<Written> {
    this.storage.guardWrite("move", this.info, href);
    const item = this.existing(href, version);
    const items = this.data().items;
    const target = asHref(to);
    if (items.has(target)) {
      throw new PreconditionFailedError(`${this.info.href}/${target}: the name is taken`, { what: target });
    }
    items.delete(href);
    return this.put(target, item);
  }

  async setAttributes(href: Href, version: Version | undefined, attributes: Attributes): Promise<Written> {
    this.storage.guardWrite("setAttributes", this.info, href);
    const item = this.existing(href, version);
    return this.put(href, { content: item.content, attributes });
  }

  /** Stores an item under a fresh version, as a server mints a new ETag on every write. */
  private put(href: Href, item: Omit<StoredItem, "version">): Written {
    const version = this.storage.mintVersion();
    this.data().items.set(href, { ...item, version });
    return { href, version, attributes: item.attributes };
  }

  async delete(href: Href, version: Version | undefined): Promise<void> {
    this.storage.guardWrite("delete", this.info, href);
    this.existing(href, version);
    this.data().items.delete(href);
  }

  async getProperties(): Promise<Properties> {
    return { ...this.data().properties };
  }

  async setProperty(name: PropertyName, value: string | undefined): Promise<void> {
    this.storage.guardWrite("update", this.info, undefined);
    const properties = this.data().properties;
    if (value === undefined) delete properties[name];
    else properties[name] = value;
  }
}

function fetched(href: Href, item: StoredItem): Fetched {
  return { href, version: item.version, body: bytesBody(item.content), attributes: item.attributes };
}

async function* toAsync<T>(values: readonly T[]): AsyncIterable<T> {
  yield* values;
}
