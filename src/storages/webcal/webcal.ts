/**
 * The webcal storage: an iCalendar feed fetched with a conditional GET, so that an unchanged
 * feed costs one request answered 304; split into one item per UID, each with only the
 * VTIMEZONEs it uses, under hrefs derived from the UID so that they are stable across runs.
 * @module
 */
import { NotFoundError, ReadOnlyError } from "../../errors/index.js";
import { HttpClient, type HttpResponse } from "../../http/index.js";
import { calendarModel } from "../../models/pim.js";
import { ItemList } from "../collection-text/item-list.js";
import { httpClientOptions } from "../remote/config.js";
import {
  asCollectionId,
  bytesBody,
  type Collection,
  type CollectionInfo,
  type Fetched,
  type Href,
  type Listing,
  type Storage,
  type StorageContext,
} from "../../contract/index.js";
import type { WebcalConfig } from "./config.js";

/** What `list` stores: the validators the next conditional GET sends. */
interface FeedState {
  readonly etag?: string;
  readonly lastModified?: string;
}

const feedLimitBytes = 64 * 1024 * 1024;

export class WebcalStorage implements Storage {
  readonly model = calendarModel;
  readonly capabilities = { readOnly: true, writeConcurrency: 1, fetchBatchSize: 10_000 };
  private readonly http: HttpClient;
  private readonly info: CollectionInfo;

  constructor(
    readonly name: string,
    config: WebcalConfig,
    context: StorageContext = {},
  ) {
    this.http = new HttpClient({ ...httpClientOptions(name, config, context), maxBodyBytes: feedLimitBytes });
    this.info = {
      id: asCollectionId(config.collection_id ?? idFromUrl(this.http.baseUrl)),
      href: this.http.baseUrl.href,
    };
  }

  async discover(): Promise<CollectionInfo[]> {
    return [this.info];
  }

  open(info: CollectionInfo): Collection {
    return new Feed(this.http, info, this.name);
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

class Feed implements Collection {
  /** The feed as last read in this run; `get` answers from it. */
  private items?: ItemList;

  constructor(
    private readonly http: HttpClient,
    readonly info: CollectionInfo,
    private readonly storage: string,
  ) {}

  async list(state?: string): Promise<Listing> {
    const previous = parseState(state);
    const headers: Record<string, string> = { accept: "text/calendar, */*;q=0.5" };
    if (previous.etag) headers["if-none-match"] = previous.etag;
    if (previous.lastModified) headers["if-modified-since"] = previous.lastModified;
    const response = await this.http.request({
      method: "GET",
      url: this.info.href,
      headers,
      expect: [200, 304],
    });
    if (response.status === 304) {
      await response.discard();
      return { kind: "unchanged", state: state as string };
    }
    this.items = await this.read(response);
    const next: FeedState = { etag: response.header("etag"), lastModified: response.header("last-modified") };
    const hasValidator = next.etag !== undefined || next.lastModified !== undefined;
    return {
      kind: "full",
      items: this.items.listed(),
      state: hasValidator ? JSON.stringify(next) : undefined,
    };
  }

  async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
    // An unchanged feed was not read; an item asked for anyway needs the feed itself.
    this.items ??= await this.read(await this.http.request({ method: "GET", url: this.info.href }));
    for (const href of hrefs) {
      const item = this.items.get(href);
      yield item
        ? { href, version: item.version, body: bytesBody(item.content) }
        : {
            href,
            error: new NotFoundError(`${this.info.href}: the feed no longer holds ${href}`, { what: href }),
          };
    }
  }

  private async read(response: HttpResponse): Promise<ItemList> {
    return ItemList.fromText(await response.text());
  }

  create(): Promise<never> {
    return this.refuse();
  }

  update(): Promise<never> {
    return this.refuse();
  }

  delete(): Promise<never> {
    return this.refuse();
  }

  private async refuse(): Promise<never> {
    throw new ReadOnlyError(
      `${this.storage} is a WebCal feed and cannot be written; set one_way = true on the pair to revert changes made on the other side`,
      {
        storage: this.storage,
      },
    );
  }
}

function parseState(state: string | undefined): FeedState {
  if (state === undefined) return {};
  try {
    return JSON.parse(state) as FeedState;
  } catch {
    return {};
  }
}

/** "https://example.org/cal/holidays.ics" → "holidays". */
function idFromUrl(url: URL): string {
  const last =
    url.pathname
      .split("/")
      .filter((segment) => segment !== "")
      .at(-1) ?? url.hostname;
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  // Control characters and slashes cannot be in an id; the character class is the point.
  // eslint-disable-next-line no-control-regex
  const id = name.replace(/\.(ics|ical|ifb|icalendar)$/i, "").replace(/[/\\\0-\x1f\x7f]/g, "_");
  return id === "" || id === "." || id === ".." ? "feed" : id;
}
