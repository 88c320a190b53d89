/**
 * One calendar or address book on a DAV server.
 *
 * Listing does the least work the server allows. Where the server has a CTag, one PROPFIND of it
 * answers "anything changed?", and only when something did does one calendar-query or
 * addressbook-query list every ETag (a PROPFIND of every member costs Radicale twenty times as
 * much). Where it has no CTag, RFC 6578 sync-collection lists what changed since the stored token
 * (a truncated answer is continued; a token the server no longer accepts costs one full listing).
 * The CTag goes first because a first sync-token can be dear: Radicale builds it by writing one
 * fsynced history file per item, about 5 s for 5,000 events, where its CTag and query cost 0.2 s;
 * a token stored by an earlier version is still used while the server accepts it.
 *
 * A first sync reads everything with one query (`readAll`). Items are fetched by multiget in
 * batches that shrink when the server refuses them. Writes carry If-Match / If-None-Match.
 * @module
 */
import {
  ConcordError,
  InvalidDataError,
  NotFoundError,
  PreconditionFailedError,
} from "../../errors/index.js";
import type { HttpResponse } from "../../http/index.js";
import { numberedNames } from "../naming/safe-name.js";
import {
  asHref,
  asVersion,
  type Body,
  bytesBody,
  type Collection,
  type CollectionInfo,
  type Fetched,
  type Href,
  type ListedItem,
  type Listing,
  type Properties,
  type PropertyName,
  type ReadAll,
  readBody,
  type Version,
  type Written,
} from "../../contract/index.js";
import type { DavKind } from "./dav-kind.js";
import type { DavSession } from "./dav-session.js";
import { checkedIfEmpty, colourAsWritten, unambiguousItemName } from "./quirks.js";
import { collectionProps, supportsSyncCollection } from "./discovery.js";
import type { CalendarFilter } from "./calendar-filter.js";
import { calendarQueryBody, propfindBody, proppatchBody, syncCollectionBody } from "./xml/bodies.js";
import { collectionPropertyNames } from "./xml/collection-properties.js";
import { type DavResponse, propText } from "./xml/dav-response.js";
import { memberName, normalisePath, resolveHref } from "./xml/href.js";
import { parseMultistatus } from "./xml/multistatus.js";
import { davNames } from "./xml/namespaces.js";

/** What `list` stores between runs. */
type ListState = { readonly token: string } | { readonly ctag: string };

function parseState(state: string | undefined): Partial<{ token: string; ctag: string; window: string }> {
  if (state === undefined) return {};
  try {
    return JSON.parse(state) as Partial<{ token: string; ctag: string; window: string }>;
  } catch {
    return {};
  }
}

/** ETags compared as the server means them: `W/"x"` and `"x"` name the same version here. */
const versionOf = (etag: string): Version => asVersion(etag.replace(/^W\//, ""));

/** iCalendar and vCard lines end in CRLF; XML parsing turned them into LF. */
const utf8 = new TextEncoder();
const itemBytes = (text: string): Uint8Array => utf8.encode(text.replace(/\r?\n/g, "\r\n"));

export interface DavCollectionOptions {
  readonly session: DavSession;
  readonly kind: DavKind;
  readonly info: CollectionInfo;
  readonly url: URL;
  /** From discovery; undefined when the collection was opened without it. */
  readonly supportsSyncCollection: boolean | undefined;
  readonly fetchBatchSize: number;
  /** Only the items matching it are carried (a caldav storage's `start_date`…); see calendar-filter.ts. */
  readonly filter?: CalendarFilter | undefined;
}

export class DavCollection implements Collection {
  readonly info: CollectionInfo;
  private readonly session: DavSession;
  private readonly kind: DavKind;
  private readonly url: URL;
  private syncCollection: boolean | undefined;
  /** Shrinks when the server refuses a multiget as too large, and stays small for this run. */
  private batchSize: number;
  private readonly filter: CalendarFilter | undefined;
  /**
   * Every item with its data in one query, for a first sync; not offered under a filter, whose
   * first listing must name the items it leaves out, so that none is taken for new or deleted.
   */
  readonly readAll: (() => Promise<ReadAll>) | undefined;

  constructor(options: DavCollectionOptions) {
    this.info = options.info;
    this.session = options.session;
    this.kind = options.kind;
    this.url = options.url;
    this.syncCollection = options.supportsSyncCollection;
    this.batchSize = options.fetchBatchSize;
    this.filter = options.filter;
    this.readAll = options.filter ? undefined : () => this.readEverything();
  }

  locate(href: Href): string {
    return resolveHref(this.url, href).href;
  }

  async list(state?: string): Promise<Listing> {
    const stored = parseState(state);
    if (this.filter) return this.filteredListing(this.filter, stored);
    if (stored.token !== undefined) {
      try {
        return await this.syncCollectionListing(stored.token);
      } catch (error) {
        // Servers reject a token they forgot in many ways (403 valid-sync-token, 409, even 500):
        // whatever the reason, one full listing starts afresh.
        if (!(error instanceof ConcordError) || error.disposition === "fatal") throw error;
      }
    }
    const ctag = await this.ctag();
    if (ctag !== undefined) {
      const ctagState = JSON.stringify({ ctag } satisfies ListState);
      if (ctag === stored.ctag) return { kind: "unchanged", state: ctagState };
      return { kind: "full", items: await this.etagListing(), state: ctagState };
    }
    if (this.syncCollection === undefined) {
      this.syncCollection = supportsSyncCollection(await this.session.properties(this.url, collectionProps));
    }
    if (this.syncCollection) return this.syncCollectionListing(undefined);
    return { kind: "full", items: await this.etagListing() };
  }

  /**
   * Every ETag, the ones outside the filter left out as items to leave alone. A sync-token cannot
   * tell an item that left the filter's window from one that changed, so the CTag says whether to
   * list again, or the window, which an offset from today moves once a day.
   */
  private async filteredListing(
    filter: CalendarFilter,
    stored: Partial<{ ctag: string; window: string }>,
  ): Promise<Listing> {
    const ctag = await this.ctag();
    const state = ctag === undefined ? undefined : JSON.stringify({ ctag, window: filter.key });
    if (ctag !== undefined && ctag === stored.ctag && filter.key === stored.window) {
      return { kind: "unchanged", state: state as string };
    }
    const all = await this.etagListing();
    const inside = new Set<Href>();
    for (const component of filter.types) {
      const body = calendarQueryBody({ match: { component, ...filter } });
      const answer = await this.session.multistatus("REPORT", this.url, body, {
        depth: "1",
        wanted: [davNames.getetag],
      });
      for (const item of await this.listedMembers(answer)) inside.add(item.href);
    }
    const items = all.filter((item) => inside.has(item.href));
    const skipped = all
      .filter((item) => !inside.has(item.href))
      .map((item) => ({ where: this.locate(item.href), why: filter.why, href: item.href, chosen: true }));
    return { kind: "full", items, skipped, ...(state === undefined ? {} : { state }) };
  }

  /**
   * Every item with its data in one query. The CTag is read first: a change made while the query
   * runs moves it, so the next run looks again rather than trusting a listing that missed it.
   */
  private async readEverything(): Promise<ReadAll> {
    const ctag = await this.ctag();
    const state = ctag === undefined ? undefined : JSON.stringify({ ctag } satisfies ListState);
    try {
      const answer = await this.session.multistatus("REPORT", this.url, this.kind.queryAllBody(true), {
        depth: "1",
        wanted: [davNames.getetag, this.kind.dataProperty],
      });
      const readByListing = async () => this.get((await this.propfindListing()).map((item) => item.href));
      return { items: checkedIfEmpty(this.fetchedMembers(answer), readByListing), state };
    } catch (error) {
      // A server that refuses the query after all: a listing and multigets read the same.
      if (!isRefused(error)) throw error;
      const listed = await this.etagListing();
      return { items: this.get(listed.map((item) => item.href)), state };
    }
  }

  private async *fetchedMembers(answer: AsyncIterable<DavResponse>): AsyncIterable<Fetched> {
    for await (const response of answer) {
      const href = this.memberHref(response.href);
      if (href !== undefined) yield this.fetched(href, response);
    }
  }

  /** The collection's CTag, or undefined where the server has none. */
  private async ctag(): Promise<string | undefined> {
    const ctag = (await this.session.properties(this.url, [davNames.getctag])).get(davNames.getctag)?.text;
    return ctag === "" ? undefined : ctag;
  }

  /**
   * Every member's ETag: by query, which every CalDAV and CardDAV server must answer, or by
   * PROPFIND where a server refuses the query after all, or answers it with nothing (see
   * `checkedIfEmpty` in quirks.ts).
   */
  private async etagListing(): Promise<ListedItem[]> {
    let answer;
    try {
      answer = await this.session.multistatus("REPORT", this.url, this.kind.queryAllBody(false), {
        depth: "1",
        wanted: [davNames.getetag],
      });
    } catch (error) {
      if (!isRefused(error)) throw error;
      return this.propfindListing();
    }
    const items = await this.listedMembers(answer);
    return items.length > 0 ? items : this.propfindListing();
  }

  /** Every member's ETag by PROPFIND Depth 1. */
  private async propfindListing(): Promise<ListedItem[]> {
    const answer = await this.session.multistatus(
      "PROPFIND",
      this.url,
      propfindBody([davNames.resourcetype, davNames.getetag]),
      { depth: "1", wanted: [davNames.resourcetype, davNames.getetag] },
    );
    return this.listedMembers(answer);
  }

  private async listedMembers(answer: AsyncIterable<DavResponse>): Promise<ListedItem[]> {
    const items: ListedItem[] = [];
    for await (const response of answer) {
      const href = this.memberHref(response.href);
      const etag = propText(response, davNames.getetag);
      if (href !== undefined && etag !== undefined) items.push({ href, version: versionOf(etag) });
    }
    return items;
  }

  /** sync-collection from `token` (or from nothing: every member), continuing truncated answers. */
  private async syncCollectionListing(token: string | undefined): Promise<Listing> {
    const changed = new Map<Href, Version>();
    const removed = new Set<Href>();
    let current = token;
    for (let round = 0; ; round++) {
      const answer = await this.session.multistatus(
        "REPORT",
        this.url,
        syncCollectionBody({ syncToken: current, props: [davNames.getetag] }),
        {
          depth: "0",
          wanted: [davNames.getetag],
          // A stored token the server refuses is answered by a full listing, not by retries.
          retry: current === undefined || current !== token,
        },
      );
      let truncated = false;
      for await (const response of answer) {
        if (response.status === 507 && this.isSelf(response.href)) {
          truncated = true;
          continue;
        }
        const href = this.memberHref(response.href);
        if (href === undefined) continue;
        if (response.status === 404) {
          changed.delete(href);
          removed.add(href);
          continue;
        }
        const etag = propText(response, davNames.getetag);
        if (etag === undefined) continue; // a sub-collection, or a member without an ETag
        removed.delete(href);
        changed.set(href, versionOf(etag));
      }
      const next = answer.syncToken();
      if (next === undefined) {
        throw new InvalidDataError(`REPORT ${this.url.href}: the sync-collection answer has no sync-token`, {
          what: this.url.href,
        });
      }
      current = next;
      if (!truncated || round > 1000) break;
    }
    const state = JSON.stringify({ token: current } satisfies ListState);
    const items: ListedItem[] = [...changed].map(([href, version]) => ({ href, version }));
    return token === undefined
      ? { kind: "full", items, state }
      : { kind: "delta", changed: items, removed: [...removed], state };
  }

  async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
    for (let start = 0; start < hrefs.length; start += this.batchSize) {
      yield* this.multiget(hrefs.slice(start, start + this.batchSize));
    }
  }

  /** One multiget; a batch the server finds too large is split and retried. */
  private async *multiget(hrefs: readonly Href[]): AsyncIterable<Fetched> {
    const byPath = new Map(hrefs.map((href) => [normalisePath(href), href]));
    let answer;
    try {
      answer = await this.session.multistatus("REPORT", this.url, this.kind.multigetBody(hrefs), {
        depth: this.kind.multigetDepth,
        wanted: [davNames.getetag, this.kind.dataProperty],
      });
    } catch (error) {
      if (hrefs.length > 1 && isTooLarge(error)) {
        this.batchSize = Math.max(1, Math.floor(hrefs.length / 2));
        yield* this.get(hrefs);
        return;
      }
      throw error;
    }
    const answered = new Set<Href>();
    for await (const response of answer) {
      const href = byPath.get(normalisePath(resolveHref(this.url, response.href).pathname));
      if (href === undefined || answered.has(href)) continue;
      answered.add(href);
      yield this.fetched(href, response);
    }
    for (const href of hrefs) {
      if (!answered.has(href))
        yield {
          href,
          error: new NotFoundError(`${this.url.href}: the server did not return ${href}`, { what: href }),
        };
    }
  }

  private fetched(href: Href, response: DavResponse): Fetched {
    const data = propText(response, this.kind.dataProperty);
    const etag = propText(response, davNames.getetag);
    if (
      response.status === 404 ||
      (data === undefined && response.propstats.some((propstat) => propstat.status === 404))
    ) {
      return { href, error: new NotFoundError(`${this.url.href}: ${href} is gone`, { what: href }) };
    }
    if (data === undefined || etag === undefined) {
      return {
        href,
        error: new InvalidDataError(
          `${this.url.href}: the server returned ${href} without ${data === undefined ? "data" : "an ETag"}`,
          { what: href },
        ),
      };
    }
    return { href, version: versionOf(etag), body: bytesBody(itemBytes(data)) };
  }

  async create(body: Body, name: string): Promise<Written> {
    const content = await readBody(body);
    for (const candidate of numberedNames(unambiguousItemName(name), this.kind.fileExtension)) {
      const url = new URL(encodeURIComponent(candidate), this.url);
      try {
        const response = await this.put(url, content, { "if-none-match": "*" });
        return this.written(url, response);
      } catch (error) {
        // The name is taken by another item: try the next one, never replace.
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    throw new PreconditionFailedError(`${this.url.href}: no free name for ${name}`, { what: name });
  }

  async update(href: Href, version: Version | undefined, body: Body): Promise<Written> {
    const content = await readBody(body);
    const url = this.itemUrl(href);
    const response = await this.put(url, content, version === undefined ? {} : { "if-match": version });
    return this.written(url, response);
  }

  async delete(href: Href, version: Version | undefined): Promise<void> {
    const response = await this.itemRequest("DELETE", this.itemUrl(href), {
      headers: version === undefined ? {} : { "if-match": version },
    });
    await response.discard();
  }

  async getProperties(): Promise<Properties> {
    const names = collectionPropertyNames[this.kind.collectionKind];
    const props = await this.session.properties(this.url, Object.values(names));
    const properties: Properties = {};
    for (const [property, clark] of Object.entries(names) as [PropertyName, string][]) {
      const value = props.get(clark)?.text;
      if (value !== undefined && value !== "")
        properties[property] = property === "color" ? colourAsWritten(value) : value;
    }
    return properties;
  }

  async setProperty(name: PropertyName, value: string | undefined): Promise<void> {
    if (collectionPropertyNames[this.kind.collectionKind][name] === undefined) return;
    const body = proppatchBody(
      this.kind.collectionKind,
      value === undefined ? { remove: [name] } : { set: { [name]: value } },
    );
    const answer = await this.session.multistatus("PROPPATCH", this.url, body);
    for await (const response of answer) {
      const failed = response.propstats.find((propstat) => propstat.status >= 300);
      if (failed)
        throw new InvalidDataError(
          `PROPPATCH ${this.url.href}: the server refused ${name} (${failed.status})`,
          { what: name },
        );
    }
  }

  private put(url: URL, content: Uint8Array, headers: Record<string, string>): Promise<HttpResponse> {
    return this.itemRequest("PUT", url, {
      headers: { ...headers, "content-type": this.kind.contentType },
      body: content,
    });
  }

  /**
   * A PUT or DELETE of one item. A 207 Multi-Status answer is no success but a refusal told inside
   * the multistatus (Xandikos answers an item it cannot parse so, with 412 valid-calendar-data):
   * taken for a write, the item would be recorded as synchronised while the server holds nothing.
   */
  private async itemRequest(
    method: "PUT" | "DELETE",
    url: URL,
    options: { headers: Record<string, string>; body?: Uint8Array },
  ): Promise<HttpResponse> {
    const response = await this.session.request(method, url, options);
    if (response.status !== 207) return response;
    const reasons: string[] = [];
    try {
      for await (const answer of parseMultistatus(response.body, { url: response.url })) {
        if (answer.status !== undefined) reasons.push(String(answer.status));
        reasons.push(...(answer.error ?? []));
      }
    } catch {
      // The refusal stands whether or not its explanation can be read.
    } finally {
      await response.discard();
    }
    const why = reasons.length > 0 ? ` (${reasons.join(", ")})` : "";
    throw new InvalidDataError(`${method} ${url.href}: 207 Multi-Status: the server refused the item${why}`, {
      what: url.href,
    });
  }

  /** The written item; without an ETag in the answer its version is unknown until the next listing. */
  private async written(url: URL, response: HttpResponse): Promise<Written> {
    await response.discard();
    const etag = response.header("etag");
    return { href: asHref(url.pathname), version: etag === undefined ? undefined : versionOf(etag) };
  }

  /** The URL of an href the engine got from this collection; never one outside it. */
  private itemUrl(href: Href): URL {
    const url = resolveHref(this.url, href);
    if (memberName(this.url, url) === undefined) {
      throw new InvalidDataError(`${this.url.href}: ${href} is not an item of this collection`, {
        what: href,
      });
    }
    return url;
  }

  /** The item href of a member, or undefined for the collection itself and anything outside it. */
  private memberHref(href: string): Href | undefined {
    const url = resolveHref(this.url, href);
    const name = memberName(this.url, url);
    return name === undefined || url.pathname.endsWith("/") ? undefined : asHref(url.pathname);
  }

  private isSelf(href: string): boolean {
    return normalisePath(resolveHref(this.url, href).pathname) === normalisePath(this.url.pathname);
  }
}

/** A multiget the server refused for its size (413) or gave up on (timeout, 5xx after retries). */
/** The server answered a request with a 4xx status: it does not do this, as opposed to failing. */
function isRefused(error: unknown): boolean {
  return error instanceof InvalidDataError && (error.data.status ?? 0) >= 400;
}

function isTooLarge(error: unknown): boolean {
  if (!(error instanceof ConcordError)) return false;
  return error.disposition === "retryable" || (error.data as { status?: number }).status === 413;
}
