/**
 * A CalDAV or CardDAV account as a storage: discovery once per run, one collection handle per
 * calendar or address book, collections created with MKCALENDAR or extended MKCOL.
 * @module
 */
import { InvalidDataError, ReadOnlyError, UnsupportedError } from "../../errors/index.js";
import { HttpClient } from "../../http/index.js";
import { httpClientOptions } from "../remote/config.js";
import type {
  Capabilities,
  Collection,
  ItemModel,
  CollectionId,
  CollectionInfo,
  Properties,
  Storage,
  StorageContext,
} from "../../contract/index.js";
import { calendarFilter } from "./calendar-filter.js";
import type { DavConfig } from "./config.js";
import { DavCollection } from "./dav-collection.js";
import type { DavKind } from "./dav-kind.js";
import { DavSession } from "./dav-session.js";
import { type DiscoveredCollection, findHomes, type Homes, listCollections } from "./discovery.js";
import { mkcalendarBody, mkcolAddressbookBody } from "./xml/bodies.js";
import { collectionPropertyNames } from "./xml/collection-properties.js";

/** Hrefs per multiget: large enough that 5,000 items take ten requests, small enough for any server. */
const multigetBatchSize = 500;

export class DavStorage implements Storage {
  readonly capabilities: Capabilities;
  readonly model: ItemModel;
  private readonly session: DavSession;
  private homes?: Promise<Homes>;
  private readonly discovered = new Map<string, DiscoveredCollection>();

  constructor(
    readonly name: string,
    private readonly config: DavConfig,
    private readonly kind: DavKind,
    context: StorageContext = {},
  ) {
    this.model = kind.model;
    this.capabilities = {
      readOnly: config.read_only,
      writeConcurrency: config.concurrency,
      fetchBatchSize: multigetBatchSize,
    };
    this.session = new DavSession(
      new HttpClient({ ...httpClientOptions(name, config, context), concurrency: config.concurrency }),
    );
  }

  async discover(): Promise<CollectionInfo[]> {
    const collections = await listCollections(this.session, this.kind, await this.findHomes());
    for (const collection of collections) this.discovered.set(collection.url.href, collection);
    return collections.map(({ id, url }) => ({ id, href: url.href }));
  }

  open(info: CollectionInfo): Collection {
    const url = new URL(info.href);
    if (url.origin !== this.session.http.baseUrl.origin) {
      throw new InvalidDataError(`${this.name}: ${info.href} is not on ${this.session.http.baseUrl.origin}`, {
        what: info.href,
      });
    }
    const collection = new DavCollection({
      session: this.session,
      kind: this.kind,
      info,
      url,
      supportsSyncCollection: this.discovered.get(url.href)?.supportsSyncCollection,
      fetchBatchSize: this.capabilities.fetchBatchSize,
      filter: this.config.type === "caldav" ? calendarFilter(this.config, `storage.${this.name}`) : undefined,
    });
    return this.config.read_only ? readOnly(collection, this.name) : collection;
  }

  async createCollection(id: CollectionId, properties: Properties): Promise<CollectionInfo> {
    if (this.config.read_only) throw new ReadOnlyError(`${this.name} is read-only`, { storage: this.name });
    const homes = await this.findHomes();
    if (homes.kind !== "homes" || homes.urls[0] === undefined) {
      throw new UnsupportedError(
        `${this.name}: ${this.config.url} names one collection, so no other can be created beside it; give the home set or principal URL`,
        { what: id },
      );
    }
    const url = new URL(`${encodeURIComponent(id)}/`, homes.urls[0]);
    const supported = Object.fromEntries(
      Object.entries(properties).filter(
        ([name, value]) => value !== undefined && name in collectionPropertyNames[this.kind.collectionKind],
      ),
    ) as Properties;
    const [method, body] =
      this.kind.collectionKind === "calendar"
        ? ["MKCALENDAR", mkcalendarBody(supported)]
        : ["MKCOL", mkcolAddressbookBody(supported)];
    const response = await this.session.request(method, url, {
      headers: { "content-type": "application/xml; charset=utf-8" },
      body,
      expect: [201],
    });
    await response.discard();
    return { id, href: url.href };
  }

  /** DELETE on the collection. The engine asks only after listing it empty. */
  async deleteCollection(info: CollectionInfo): Promise<void> {
    if (this.config.read_only) throw new ReadOnlyError(`${this.name} is read-only`, { storage: this.name });
    const response = await this.session.request("DELETE", new URL(info.href));
    await response.discard();
  }

  async close(): Promise<void> {
    await this.session.http.close();
  }

  private findHomes(): Promise<Homes> {
    this.homes ??= findHomes(this.session, this.kind, this.session.http.baseUrl);
    return this.homes;
  }
}

/** The collection with every write refused: `read_only` holds even if the engine asked. */
function readOnly(collection: DavCollection, storage: string): Collection {
  const refuse = async (): Promise<never> => {
    throw new ReadOnlyError(`${storage} is read-only`, { storage });
  };
  return {
    info: collection.info,
    list: (state) => collection.list(state),
    get: (hrefs) => collection.get(hrefs),
    getProperties: () => collection.getProperties(),
    locate: (href) => collection.locate(href),
    create: refuse,
    update: refuse,
    delete: refuse,
    setProperty: refuse,
  };
}
