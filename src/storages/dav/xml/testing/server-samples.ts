/**
 * Multistatus bodies shaped like those real servers send, each with the facts a reader must get
 * out of it. The shapes (prefixes, whitespace, encodings, quirks) follow what the servers are
 * known to write; the data is invented.
 * @module
 */

const event = (uid: string): string =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "BEGIN:VEVENT",
    `UID:${uid}`,
    "SUMMARY:Café ☕",
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\n");

const card = (uid: string): string =>
  ["BEGIN:VCARD", "VERSION:3.0", `UID:${uid}`, "FN:Zoë 🦊", "END:VCARD"].join("\n");

export interface ExpectedResponse {
  readonly href: string;
  readonly status?: number;
  readonly etag?: string;
  readonly data?: string;
}

export interface ServerSample {
  readonly server: string;
  readonly what: string;
  readonly body: string;
  readonly responses: readonly ExpectedResponse[];
  readonly syncToken?: string;
}

/** Radicale: DAV: as the default namespace, ElementTree's declaration with single quotes. */
const radicaleMultiget: ServerSample = {
  server: "Radicale",
  what: "calendar-multiget",
  body:
    "<?xml version='1.0' encoding='utf-8'?>\n" +
    '<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
    "<response><href>/alice/cal/a.ics</href><propstat><prop>" +
    `<getetag>"1a"</getetag><C:calendar-data>${event("a")}</C:calendar-data>` +
    "</prop><status>HTTP/1.1 200 OK</status></propstat></response>" +
    "<response><href>/alice/cal/missing.ics</href><status>HTTP/1.1 404 Not Found</status></response>" +
    "</multistatus>",
  responses: [
    { href: "/alice/cal/a.ics", etag: '"1a"', data: event("a") },
    { href: "/alice/cal/missing.ics", status: 404 },
  ],
};

/** Radicale's sync-collection: removed members as 404 responses, the token after them. */
const radicaleSync: ServerSample = {
  server: "Radicale",
  what: "sync-collection",
  body:
    "<?xml version='1.0' encoding='utf-8'?>\n" +
    '<multistatus xmlns="DAV:">' +
    '<response><href>/alice/cal/b.ics</href><propstat><prop><getetag>"2b"</getetag></prop>' +
    "<status>HTTP/1.1 200 OK</status></propstat></response>" +
    "<response><href>/alice/cal/gone.ics</href><status>HTTP/1.1 404 Not Found</status></response>" +
    "<sync-token>http://radicale.org/ns/sync/2c9a1e</sync-token></multistatus>",
  responses: [
    { href: "/alice/cal/b.ics", etag: '"2b"' },
    { href: "/alice/cal/gone.ics", status: 404 },
  ],
  syncToken: "http://radicale.org/ns/sync/2c9a1e",
};

/** Xandikos: ElementTree's generated prefixes (ns0, ns1), percent-encoded absolute hrefs. */
const xandikosMultiget: ServerSample = {
  server: "Xandikos",
  what: "addressbook-multiget",
  body:
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="urn:ietf:params:xml:ns:carddav">' +
    "<ns0:response><ns0:href>/bob/contacts/zo%C3%AB%40example.com.vcf</ns0:href>" +
    '<ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns0:getetag>"x1"</ns0:getetag>' +
    `<ns1:address-data>${card("zoe")}</ns1:address-data></ns0:prop></ns0:propstat></ns0:response>` +
    "</ns0:multistatus>",
  responses: [{ href: "/bob/contacts/zo%C3%AB%40example.com.vcf", etag: '"x1"', data: card("zoe") }],
};

/**
 * Nextcloud (SabreDAV): pretty-printed, many namespaces declared on the root, CR written as
 * `&#13;`, unsupported properties in a second propstat with 404.
 */
const nextcloudPropfind: ServerSample = {
  server: "Nextcloud",
  what: "PROPFIND Depth: 1 on a calendar",
  body: `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
 <d:response>
  <d:href>/remote.php/dav/calendars/carol/personal/</d:href>
  <d:propstat>
   <d:prop>
    <d:resourcetype>
     <d:collection/>
     <cal:calendar/>
    </d:resourcetype>
    <cs:getctag>http://sabre.io/ns/sync/15</cs:getctag>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
  <d:propstat>
   <d:prop>
    <d:getetag/>
   </d:prop>
   <d:status>HTTP/1.1 404 Not Found</d:status>
  </d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/calendars/carol/personal/meeting.ics</d:href>
  <d:propstat>
   <d:prop>
    <d:resourcetype/>
    <d:getetag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</d:getetag>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
  <d:propstat>
   <d:prop>
    <cs:getctag/>
   </d:prop>
   <d:status>HTTP/1.1 404 Not Found</d:status>
  </d:propstat>
 </d:response>
</d:multistatus>
`,
  responses: [
    { href: "/remote.php/dav/calendars/carol/personal/" },
    {
      href: "/remote.php/dav/calendars/carol/personal/meeting.ics",
      etag: '"d41d8cd98f00b204e9800998ecf8427e"',
    },
  ],
};

/** SabreDAV writes calendar data with `&#13;` for each CR, so CRLF survives XML parsing. */
const nextcloudMultiget: ServerSample = {
  server: "Nextcloud",
  what: "calendar-multiget with CRLF data",
  body:
    '<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">' +
    "<d:response><d:href>/remote.php/dav/calendars/carol/personal/meeting.ics</d:href><d:propstat><d:prop>" +
    '<d:getetag>"e1"</d:getetag>' +
    `<cal:calendar-data>${event("meeting").replaceAll("\n", "&#13;\n")}&#13;\n</cal:calendar-data>` +
    "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>" +
    "<d:sync-token>http://sabre.io/ns/sync/16</d:sync-token></d:multistatus>",
  responses: [
    {
      href: "/remote.php/dav/calendars/carol/personal/meeting.ics",
      etag: '"e1"',
      data: event("meeting").replaceAll("\n", "\r\n"),
    },
  ],
  syncToken: "http://sabre.io/ns/sync/16",
};

/**
 * iCloud: a default namespace redeclared on every element, calendar data in CDATA, and the
 * collection itself listed, with an ETag, among the sync changes.
 */
const icloudSync: ServerSample = {
  server: "iCloud",
  what: "sync-collection listing the collection itself",
  body:
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<multistatus xmlns="DAV:"><response xmlns="DAV:"><href>/123456789/calendars/home/</href>' +
    '<propstat><prop><getetag xmlns="DAV:">"mf0p3a1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>' +
    '</response><response xmlns="DAV:"><href>/123456789/calendars/home/E3F1.ics</href><propstat><prop>' +
    '<getetag xmlns="DAV:">"mf0p3a2"</getetag>' +
    `<calendar-data xmlns="urn:ietf:params:xml:ns:caldav"><![CDATA[${event("E3F1")}]]></calendar-data>` +
    "</prop><status>HTTP/1.1 200 OK</status></propstat></response>" +
    "<sync-token>HwoQEgwAAF8Xm0XyAAAAAA</sync-token></multistatus>",
  responses: [
    { href: "/123456789/calendars/home/", etag: '"mf0p3a1"' },
    { href: "/123456789/calendars/home/E3F1.ics", etag: '"mf0p3a2"', data: event("E3F1") },
  ],
  syncToken: "HwoQEgwAAF8Xm0XyAAAAAA",
};

/**
 * Google: upper-case D prefix, `@` and `%40` both in use for the account, and a truncated
 * sync-collection: 507 on the request URI, with a token to continue from.
 */
const googleTruncatedSync: ServerSample = {
  server: "Google",
  what: "sync-collection truncated with 507",
  body:
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<D:multistatus xmlns:D="DAV:" xmlns:caldav="urn:ietf:params:xml:ns:caldav">' +
    "<D:response><D:href>/caldav/v2/dan%40gmail.com/events/7b1k.ics</D:href><D:propstat><D:status>HTTP/1.1 200 OK</D:status>" +
    '<D:prop><D:getetag>"63851234567"</D:getetag></D:prop></D:propstat></D:response>' +
    "<D:response><D:href>/caldav/v2/dan@gmail.com/events/old+1.ics</D:href>" +
    "<D:status>HTTP/1.1 404 Not Found</D:status></D:response>" +
    "<D:response><D:href>/caldav/v2/dan%40gmail.com/events/</D:href>" +
    "<D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response>" +
    "<D:sync-token>https://www.google.com/calendar/dav/dan%40gmail.com/events/sync/CPjDn</D:sync-token>" +
    "</D:multistatus>",
  responses: [
    { href: "/caldav/v2/dan%40gmail.com/events/7b1k.ics", etag: '"63851234567"' },
    { href: "/caldav/v2/dan@gmail.com/events/old+1.ics", status: 404 },
    { href: "/caldav/v2/dan%40gmail.com/events/", status: 507 },
  ],
  syncToken: "https://www.google.com/calendar/dav/dan%40gmail.com/events/sync/CPjDn",
};

export const serverSamples: readonly ServerSample[] = [
  radicaleMultiget,
  radicaleSync,
  xandikosMultiget,
  nextcloudPropfind,
  nextcloudMultiget,
  icloudSync,
  googleTruncatedSync,
];
