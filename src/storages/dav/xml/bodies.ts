/**
 * The XML bodies of the requests a DAV client sends: PROPFIND, the multiget and query REPORTs,
 * sync-collection, MKCALENDAR, extended MKCOL and PROPPATCH. Each function returns the whole
 * document, declaration included, ready to send as `application/xml; charset=utf-8`.
 *
 * Headers are the caller's part; what the RFCs and servers expect of them is noted per body.
 * @module
 */
import { colourWithAlpha } from "../quirks.js";
import { InternalError, UnsupportedError } from "../../../errors/index.js";
import type { Properties, PropertyName } from "../../../contract/index.js";
import { collectionPropertyNames, type CollectionKind } from "./collection-properties.js";
import { clarkName, davNames, namespaces } from "./namespaces.js";
import { element, xmlDocument, type XmlElement } from "./xml-writer.js";

const dav = (local: string): string => clarkName(namespaces.dav, local);
const caldav = (local: string): string => clarkName(namespaces.caldav, local);
const carddav = (local: string): string => clarkName(namespaces.carddav, local);

/** `<d:prop>` naming each property (Clark names) as an empty element. */
function propList(props: readonly string[]): XmlElement {
  return element(
    davNames.prop,
    props.map((name) => element(name)),
  );
}

/** PROPFIND for the given properties (Clark names). Send with `Depth: 0` or `Depth: 1`. */
export function propfindBody(props: readonly string[]): string {
  return xmlDocument(element(dav("propfind"), [propList(props)]));
}

/**
 * calendar-multiget (RFC 4791 §7.9) for the ETag and data of `hrefs`, which should be encoded
 * absolute paths. Send without a Depth header: the RFC says servers ignore it.
 */
export function calendarMultigetBody(hrefs: readonly string[]): string {
  return xmlDocument(
    element(caldav("calendar-multiget"), [
      propList([davNames.getetag, davNames.calendarData]),
      ...hrefs.map((href) => element(davNames.href, href)),
    ]),
  );
}

/**
 * addressbook-multiget (RFC 6352 §8.7) for the ETag and data of `hrefs`. `vcard4` asks for
 * vCard 4.0, which only a server advertising it in `supported-address-data` will honour.
 * Send with `Depth: 0`.
 */
export function addressbookMultigetBody(
  hrefs: readonly string[],
  options: { vcard4?: boolean } = {},
): string {
  const addressData = options.vcard4
    ? element(davNames.addressData, [], { "content-type": "text/vcard", version: "4.0" })
    : element(davNames.addressData);
  return xmlDocument(
    element(carddav("addressbook-multiget"), [
      element(davNames.prop, [element(davNames.getetag), addressData]),
      ...hrefs.map((href) => element(davNames.href, href)),
    ]),
  );
}

export interface SyncCollectionRequest {
  /** The token of the last sync; absent or empty for an initial sync. */
  readonly syncToken?: string;
  /** Properties to report for each changed member (Clark names). */
  readonly props: readonly string[];
  /**
   * Asks the server for at most this many results (RFC 6578 §3.7). Some servers fail on it
   * (Nextcloud answered 500), and all may truncate on their own (507), so it is optional.
   */
  readonly limit?: number;
}

/** sync-collection (RFC 6578 §3.2) at sync-level 1. Send with `Depth: 0`. */
export function syncCollectionBody(request: SyncCollectionRequest): string {
  const { syncToken, props, limit } = request;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new InternalError(`a sync-collection limit must be a positive integer, not ${limit}`, {});
  }
  const children = [
    element(davNames.syncToken, syncToken ? syncToken : []),
    element(dav("sync-level"), "1"),
    propList(props),
  ];
  if (limit !== undefined) children.push(element(dav("limit"), [element(dav("nresults"), String(limit))]));
  return xmlDocument(element(dav("sync-collection"), children));
}

/** What a calendar-query matches: a component, in a time range; everything when not given. */
export interface CalendarMatch {
  readonly component: CalendarComponent;
  readonly start?: Date;
  readonly end?: Date;
}

/**
 * calendar-query (RFC 4791 §7.8) with each object's ETag and, if `calendarData`, its data: every
 * object in the calendar, whatever its components, or those holding `match.component` with an
 * instance in its time range (the server expands recurrences). Send with `Depth: 1`: without a
 * Depth header the RFC has the server assume 0 and answer for the collection alone.
 */
export function calendarQueryBody(options: { calendarData?: boolean; match?: CalendarMatch } = {}): string {
  const props = options.calendarData ? [davNames.getetag, davNames.calendarData] : [davNames.getetag];
  const { match } = options;
  const range = match && (match.start || match.end) ? [timeRange(match.start, match.end)] : [];
  const inner = match ? [element(caldav("comp-filter"), range, { name: match.component })] : [];
  return xmlDocument(
    element(caldav("calendar-query"), [
      propList(props),
      element(caldav("filter"), [element(caldav("comp-filter"), inner, { name: "VCALENDAR" })]),
    ]),
  );
}

/** `<C:time-range>` with the bounds given, in the UTC form RFC 4791 §9.9 asks for. */
function timeRange(start: Date | undefined, end: Date | undefined): XmlElement {
  const utc = (date: Date) =>
    date
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
  return element(caldav("time-range"), [], {
    ...(start ? { start: utc(start) } : {}),
    ...(end ? { end: utc(end) } : {}),
  });
}

/**
 * addressbook-query (RFC 6352 §8.6) matching every card, with its ETag and, if asked, its data:
 * an empty filter matches all. Send with `Depth: 1`.
 */
export function addressbookQueryBody(options: { addressData?: boolean } = {}): string {
  const props = options.addressData ? [davNames.getetag, davNames.addressData] : [davNames.getetag];
  return xmlDocument(element(carddav("addressbook-query"), [propList(props), element(carddav("filter"))]));
}

export const calendarComponents = ["VEVENT", "VTODO", "VJOURNAL"] as const;
export type CalendarComponent = (typeof calendarComponents)[number];

/** One element per property given a value, holding that value. */
function propertyElements(kind: CollectionKind, properties: Properties): XmlElement[] {
  return Object.entries(properties).flatMap(([property, value]) => {
    if (value === undefined) return [];
    const sent = property === "color" ? colourWithAlpha(value) : value;
    return [element(propertyElementName(kind, property as PropertyName), sent)];
  });
}

/** `<d:set><d:prop>…</d:prop></d:set>`, as used by MKCALENDAR, MKCOL and PROPPATCH. */
function setInstruction(props: readonly XmlElement[]): XmlElement {
  return element(dav("set"), [element(davNames.prop, props)]);
}

function propertyElementName(kind: CollectionKind, property: PropertyName): string {
  const name = collectionPropertyNames[kind][property];
  if (name === undefined) {
    const collection = kind === "calendar" ? "a calendar" : "an address book";
    throw new UnsupportedError(`${collection} has no ${property} property`, {
      what: `${kind} ${property}`,
    });
  }
  return name;
}

/**
 * MKCALENDAR (RFC 4791 §5.3.1) creating a calendar with the given properties, for the given
 * component types (all three unless narrowed).
 */
export function mkcalendarBody(
  properties: Properties,
  components: readonly CalendarComponent[] = calendarComponents,
): string {
  const componentSet = element(
    davNames.supportedCalendarComponentSet,
    components.map((name) => element(caldav("comp"), [], { name })),
  );
  const props = [...propertyElements("calendar", properties), componentSet];
  return xmlDocument(element(caldav("mkcalendar"), [setInstruction(props)]));
}

/** Extended MKCOL (RFC 5689) creating an address book (RFC 6352 §6.3.1) with the given properties. */
export function mkcolAddressbookBody(properties: Properties): string {
  const resourcetype = element(davNames.resourcetype, [
    element(davNames.collection),
    element(davNames.addressbook),
  ]);
  const props = [resourcetype, ...propertyElements("addressbook", properties)];
  return xmlDocument(element(dav("mkcol"), [setInstruction(props)]));
}

export interface PropertyUpdate {
  /** Properties to set; an `undefined` value is ignored. */
  readonly set?: Properties;
  /** Properties to remove. */
  readonly remove?: readonly PropertyName[];
}

/** PROPPATCH (RFC 4918 §9.2) setting and removing collection properties. */
export function proppatchBody(kind: CollectionKind, update: PropertyUpdate): string {
  const updates: XmlElement[] = [];
  const values = propertyElements(kind, update.set ?? {});
  if (values.length > 0) updates.push(setInstruction(values));
  if (update.remove && update.remove.length > 0) {
    const names = update.remove.map((property) => element(propertyElementName(kind, property)));
    updates.push(element(dav("remove"), [element(davNames.prop, names)]));
  }
  // RFC 4918 requires at least one set or remove instruction.
  if (updates.length === 0) throw new InternalError("a PROPPATCH with nothing to change", {});
  return xmlDocument(element(dav("propertyupdate"), updates));
}
