import fc from "fast-check";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { InternalError, UnsupportedError } from "../../../errors/index.js";
import {
  addressbookMultigetBody,
  calendarMultigetBody,
  calendarQueryBody,
  mkcalendarBody,
  mkcolAddressbookBody,
  propfindBody,
  proppatchBody,
  syncCollectionBody,
} from "./bodies.js";
import { davNames } from "./namespaces.js";
import { onlyXmlChars } from "./testing/xml-char.js";

const declaration = '<?xml version="1.0" encoding="utf-8"?>\n';

interface ParsedElement {
  name: string;
  text: string;
  attributes: Record<string, string>;
}

/** Every element of `xml` in document order, as a namespace-aware parser reads it. */
function elementsOf(xml: string): ParsedElement[] {
  const parser = new SaxesParser({ xmlns: true });
  const elements: ParsedElement[] = [];
  const open: ParsedElement[] = [];
  parser.on("opentag", (tag) => {
    const attributes = Object.fromEntries(
      Object.values(tag.attributes)
        .filter((attribute) => attribute.prefix !== "xmlns")
        .map((attribute) => [attribute.local, attribute.value]),
    );
    const element = { name: `{${tag.uri}}${tag.local}`, text: "", attributes };
    elements.push(element);
    open.push(element);
  });
  parser.on("text", (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.on("closetag", () => open.pop());
  parser.write(xml).close();
  return elements;
}

const hostile = `Tom & "Jerry" <script>alert('x')</script> ]]> \r\n\ttab`;

describe("request bodies", () => {
  it("PROPFIND names the properties, declaring every namespace once on the root", () => {
    expect(propfindBody([davNames.resourcetype, davNames.getetag, davNames.getctag, "{urn:vendor}x"])).toBe(
      declaration +
        '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/" xmlns:x2="urn:vendor">' +
        "<d:prop><d:resourcetype/><d:getetag/><cs:getctag/><x2:x/></d:prop></d:propfind>",
    );
  });

  it("calendar-multiget asks for ETag and data of each href, escaped", () => {
    expect(calendarMultigetBody(["/cal/a.ics", "/cal/b&c<d>.ics"])).toBe(
      declaration +
        '<c:calendar-multiget xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:">' +
        "<d:prop><d:getetag/><c:calendar-data/></d:prop>" +
        "<d:href>/cal/a.ics</d:href><d:href>/cal/b&amp;c&lt;d&gt;.ics</d:href></c:calendar-multiget>",
    );
  });

  it("addressbook-multiget asks for vCard 4 only when told to", () => {
    const body = (vcard4: boolean) => addressbookMultigetBody(["/card/x.vcf"], { vcard4 });
    expect(body(false)).toBe(
      declaration +
        '<card:addressbook-multiget xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:d="DAV:">' +
        "<d:prop><d:getetag/><card:address-data/></d:prop><d:href>/card/x.vcf</d:href></card:addressbook-multiget>",
    );
    expect(body(true)).toContain('<card:address-data content-type="text/vcard" version="4.0"/>');
  });

  it("sync-collection sends the token, or an empty one, at sync-level 1, with an optional limit", () => {
    expect(syncCollectionBody({ syncToken: "http://example.com/sync/10", props: [davNames.getetag] })).toBe(
      declaration +
        '<d:sync-collection xmlns:d="DAV:"><d:sync-token>http://example.com/sync/10</d:sync-token>' +
        "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>",
    );
    expect(syncCollectionBody({ props: [davNames.getetag] })).toContain("<d:sync-token/>");
    expect(syncCollectionBody({ syncToken: "", props: [] })).toContain("<d:sync-token/>");
    expect(syncCollectionBody({ syncToken: "t", props: [davNames.getetag], limit: 500 })).toContain(
      "</d:prop><d:limit><d:nresults>500</d:nresults></d:limit></d:sync-collection>",
    );
    expect(syncCollectionBody({ syncToken: "a&b", props: [] })).toContain(
      "<d:sync-token>a&amp;b</d:sync-token>",
    );
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a sync-collection limit of %s", (limit) => {
    expect(() => syncCollectionBody({ props: [], limit })).toThrow(InternalError);
  });

  it("calendar-query matches every object by VCALENDAR alone", () => {
    expect(calendarQueryBody()).toBe(
      declaration +
        '<c:calendar-query xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:">' +
        '<d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>',
    );
    expect(calendarQueryBody({ calendarData: true })).toContain(
      "<d:prop><d:getetag/><c:calendar-data/></d:prop>",
    );
  });

  it("MKCALENDAR sets the properties and the component set", () => {
    expect(mkcalendarBody({ displayname: "Work", color: "#FF0000FF", description: "Job", order: "3" })).toBe(
      declaration +
        '<c:mkcalendar xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:" xmlns:ical="http://apple.com/ns/ical/">' +
        "<d:set><d:prop><d:displayname>Work</d:displayname><ical:calendar-color>#FF0000FF</ical:calendar-color>" +
        "<c:calendar-description>Job</c:calendar-description><ical:calendar-order>3</ical:calendar-order>" +
        '<c:supported-calendar-component-set><c:comp name="VEVENT"/><c:comp name="VTODO"/><c:comp name="VJOURNAL"/>' +
        "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>",
    );
    expect(mkcalendarBody({}, ["VTODO"])).toBe(
      declaration +
        '<c:mkcalendar xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:"><d:set><d:prop>' +
        '<c:supported-calendar-component-set><c:comp name="VTODO"/></c:supported-calendar-component-set>' +
        "</d:prop></d:set></c:mkcalendar>",
    );
  });

  it("extended MKCOL creates an address book with its properties", () => {
    expect(mkcolAddressbookBody({ displayname: "Friends", description: "People" })).toBe(
      declaration +
        '<d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>' +
        "<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Friends</d:displayname>" +
        "<card:addressbook-description>People</card:addressbook-description></d:prop></d:set></d:mkcol>",
    );
  });

  it("refuses address book properties no server stores", () => {
    expect(() => mkcolAddressbookBody({ color: "#000000" })).toThrow(UnsupportedError);
    expect(() => proppatchBody("addressbook", { remove: ["order"] })).toThrow(/an address book has no order/);
  });

  it("PROPPATCH sets and removes collection properties", () => {
    expect(
      proppatchBody("calendar", {
        set: { displayname: "Home", color: undefined },
        remove: ["color", "order"],
      }),
    ).toBe(
      declaration +
        '<d:propertyupdate xmlns:d="DAV:" xmlns:ical="http://apple.com/ns/ical/">' +
        "<d:set><d:prop><d:displayname>Home</d:displayname></d:prop></d:set>" +
        "<d:remove><d:prop><ical:calendar-color/><ical:calendar-order/></d:prop></d:remove></d:propertyupdate>",
    );
    expect(proppatchBody("addressbook", { set: { description: "x" } })).toBe(
      declaration +
        '<d:propertyupdate xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">' +
        "<d:set><d:prop><card:addressbook-description>x</card:addressbook-description></d:prop></d:set></d:propertyupdate>",
    );
    expect(() => proppatchBody("calendar", { set: { color: undefined }, remove: [] })).toThrow(InternalError);
  });

  it("carries hostile values through intact, as a parser reads them back", () => {
    const body = proppatchBody("calendar", { set: { displayname: hostile, description: hostile } });
    const values = elementsOf(body).filter((element) => element.text !== "");
    expect(values.map((element) => element.text)).toEqual([hostile, hostile]);
    const hrefs = elementsOf(calendarMultigetBody([hostile])).filter(
      (element) => element.name === davNames.href,
    );
    expect(hrefs.map((element) => element.text)).toEqual([hostile]);
  });

  it("sends well-formed XML for any text, dropping only what XML cannot carry", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const body = mkcalendarBody({ displayname: value });
        expect(body.startsWith(declaration)).toBe(true);
        const [displayname] = elementsOf(body).filter((element) => element.name === davNames.displayname);
        expect(displayname?.text).toBe(onlyXmlChars(value));
      }),
    );
  });
});
