/**
 * What differs between benchmarking a calendar and an address book: the items, how a server
 * collection is filled and read whole, and how each tool is configured for it.
 */
import { fillAddressbook, fillCalendar } from "../test/support/servers/bulk.js";
import type { DavServer } from "../test/support/servers/index.js";
import { CALDAV, CARDDAV } from "../test/support/servers/xml.js";
import { cardItem, eventComponent, eventItem } from "./events.js";

export type KindName = "events" | "contacts";
export const kindNames: readonly KindName[] = ["events", "contacts"];

export interface BenchKind {
  readonly name: KindName;
  /** The storage type in both tools' configs. */
  readonly storageType: "caldav" | "carddav";
  readonly fileext: ".ics" | ".vcf";
  /** Item `n` as a vdir file or a PUT body holds it; `revision` changes the content, not the UID. */
  item(n: number, revision?: number): string;
  /** A new collection `id` holding items 0 … n − 1; returns its URL. */
  fill(server: DavServer, id: string, n: number): Promise<string>;
  /** A new empty collection `id`; returns its URL. */
  make(server: DavServer, id: string): Promise<string>;
  /** A REPORT returning every item with its ETag and data (sent with Depth 1). */
  readonly queryAll: string;
  /** The property holding an item's data in that REPORT's answer. */
  readonly data: { readonly ns: string; readonly name: string };
}

export const kinds: Readonly<Record<KindName, BenchKind>> = {
  events: {
    name: "events",
    storageType: "caldav",
    fileext: ".ics",
    item: eventItem,
    fill: (server, id, n) =>
      fillCalendar(
        server,
        id,
        Array.from({ length: n }, (_, k) => eventComponent(k)),
      ),
    make: (server, id) => server.makeCalendar(id),
    queryAll: `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>`,
    data: { ns: CALDAV, name: "calendar-data" },
  },
  contacts: {
    name: "contacts",
    storageType: "carddav",
    fileext: ".vcf",
    item: cardItem,
    fill: (server, id, n) =>
      fillAddressbook(
        server,
        id,
        Array.from({ length: n }, (_, k) => cardItem(k)),
      ),
    make: (server, id) => server.makeAddressbook(id),
    queryAll: `<?xml version="1.0" encoding="utf-8"?>
<CR:addressbook-query xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:prop><D:getetag/><CR:address-data/></D:prop>
  <CR:filter/>
</CR:addressbook-query>`,
    data: { ns: CARDDAV, name: "address-data" },
  },
};
