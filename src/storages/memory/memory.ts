/**
 * The reference storage: collections and items in memory. The engine's tests run on it, so it
 * implements every precondition exactly as a careful server would, and nothing more.
 * @module
 */
import { NotFoundError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import {
  asHref,
  asVersion,
  type Capabilities,
  type Collection,
  type CollectionId,
  type CollectionInfo,
  type Fetched,
  type Href,
  type Listing,
  type Properties,
  type PropertyName,
  type Storage,
  type Version,
  type Written,
} from "../storage.js";

interface StoredItem {
  version: Version;
  content: Uint8Array;
}

interface MemoryCollection {
  items: Map<Href, StoredItem>;
  properties: Properties;
}

export interface MemoryStorageOptions {
  readOnly?: boolean;
  /** Called before every write; a test throws from it to simulate a failure or a crash. */
  beforeWrite?: (
    kind: "create" | "update" | "delete",
    collection: CollectionId,
    href: Href | undefined,
  ) => void;
}

export class MemoryStorage implements Storage {
  readonly capabilities: Capabilities;
  readonly collections = new Map<CollectionId, MemoryCollection>();
  private nextVersion = 1;

  constructor(
    readonly name: string,
    private readonly options: MemoryStorageOptions = {},
  ) {
    this.capabilities = { readOnly: options.readOnly ?? false, writeConcurrency: 4, fetchBatchSize: 50 };
  }

  async discover(): Promise<CollectionInfo[]> {
    return [...this.collections.keys()].map((id) => ({ id, href: `memory:${this.name}/${id}` }));
  }

  async createCollection(id: CollectionId, properties: Properties): Promise<CollectionInfo> {
    if (!this.collections.has(id))
      this.collections.set(id, { items: new Map(), properties: { ...properties } });
    return { id, href: `memory:${this.name}/${id}` };
  }

  async deleteCollection(info: CollectionInfo): Promise<void> {
    this.collections.delete(info.id);
  }

  /** `open` hands out methods that run with another `this`; they reach the storage through this. */
  private self(): this {
    return this;
  }

  /** A fresh version string, as a server mints a new ETag on every write. */
  mintVersion(): Version {
    return asVersion(`v${this.nextVersion++}`);
  }

  open(info: CollectionInfo): Collection {
    const storage = this.self();
    const data = (): MemoryCollection => {
      const found = storage.collections.get(info.id);
      if (!found) throw new NotFoundError(`${info.href}: no such collection`, { what: info.href });
      return found;
    };
    const guardWrite = (kind: "create" | "update" | "delete", href: Href | undefined): void => {
      if (storage.capabilities.readOnly) {
        throw new ReadOnlyError(`${storage.name} is read-only`, { storage: storage.name });
      }
      storage.options.beforeWrite?.(kind, info.id, href);
    };
    const existing = (href: Href, version: Version | undefined): StoredItem => {
      const item = data().items.get(href);
      if (!item) throw new NotFoundError(`${info.href}/${href}: not found`, { what: href });
      if (version !== undefined && item.version !== version) {
        throw new PreconditionFailedError(`${info.href}/${href}: changed since it was listed`, {
          what: href,
        });
      }
      return item;
    };
    return {
      info,
      async list(): Promise<Listing> {
        return {
          kind: "full",
          items: [...data().items].map(([href, item]) => ({ href, version: item.version })),
        };
      },
      async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
        for (const href of hrefs) {
          const item = data().items.get(href);
          yield item
            ? { href, version: item.version, content: item.content }
            : { href, error: new NotFoundError(`${info.href}/${href}: not found`, { what: href }) };
        }
      },
      async create(content: Uint8Array, name: string): Promise<Written> {
        guardWrite("create", undefined);
        const items = data().items;
        let href = asHref(name);
        for (let n = 2; items.has(href); n++) href = asHref(`${name}-${n}`);
        const version = storage.mintVersion();
        items.set(href, { version, content });
        return { href, version };
      },
      async update(href: Href, version: Version | undefined, content: Uint8Array): Promise<Written> {
        guardWrite("update", href);
        existing(href, version);
        const newVersion = storage.mintVersion();
        data().items.set(href, { version: newVersion, content });
        return { href, version: newVersion };
      },
      async delete(href: Href, version: Version | undefined): Promise<void> {
        guardWrite("delete", href);
        existing(href, version);
        data().items.delete(href);
      },
      async getProperties(): Promise<Properties> {
        return { ...data().properties };
      },
      async setProperty(name: PropertyName, value: string | undefined): Promise<void> {
        guardWrite("update", undefined);
        data().properties[name] = value;
        if (value === undefined) delete data().properties[name];
      },
    } satisfies Collection;
  }
}
