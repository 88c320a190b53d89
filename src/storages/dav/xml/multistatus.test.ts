import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InternalError, InvalidDataError } from "../../../errors/index.js";
import { propHrefs, propText, type DavResponse } from "./dav-response.js";
import { parseMultistatus, type MultistatusOptions } from "./multistatus.js";
import { davNames } from "./namespaces.js";
import { serverSamples, type ExpectedResponse } from "./testing/server-samples.js";

const url = "https://dav.example.com/cal/";
const utf8 = new TextEncoder();

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* parts;
}

/** `body` as UTF-8 bytes cut at the given offsets. */
function cutBytes(body: string, cuts: readonly number[]): Uint8Array[] {
  const bytes = utf8.encode(body);
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    pieces.push(bytes.subarray(start, offset));
    start = offset;
  }
  return pieces;
}

async function read(
  source: AsyncIterable<string | Uint8Array>,
  options: Partial<MultistatusOptions> = {},
): Promise<{ responses: DavResponse[]; syncToken: string | undefined }> {
  const multistatus = parseMultistatus(source, { url, ...options });
  const responses: DavResponse[] = [];
  for await (const response of multistatus) responses.push(response);
  return { responses, syncToken: multistatus.syncToken() };
}

const readBody = (body: string, options: Partial<MultistatusOptions> = {}) => read(chunks(body), options);

async function failure(
  body: string | AsyncIterable<string | Uint8Array>,
  options: Partial<MultistatusOptions> = {},
) {
  const error = await read(typeof body === "string" ? chunks(body) : body, options).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(InvalidDataError);
  const message = (error as InvalidDataError).message;
  expect(message).toContain(url);
  return message;
}

function summary(response: DavResponse): ExpectedResponse {
  const data = propText(response, davNames.calendarData) ?? propText(response, davNames.addressData);
  const etag = propText(response, davNames.getetag);
  return {
    href: response.href,
    ...(response.status === undefined ? {} : { status: response.status }),
    ...(etag === undefined ? {} : { etag }),
    ...(data === undefined ? {} : { data }),
  };
}

const multistatus = (inner: string, declarations = 'xmlns:d="DAV:"') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus ${declarations}>${inner}</d:multistatus>`;

describe("parseMultistatus on answers shaped like real servers'", () => {
  it.each(serverSamples.map((sample) => [`${sample.server}: ${sample.what}`, sample] as const))(
    "%s",
    async (_, sample) => {
      const { responses, syncToken } = await readBody(sample.body);
      expect(responses.map(summary)).toEqual(sample.responses);
      expect(syncToken).toBe(sample.syncToken);
    },
  );

  it("yields the same responses however the bytes are cut", async () => {
    const expected = await Promise.all(serverSamples.map((sample) => readBody(sample.body)));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: serverSamples.length - 1 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (index, cuts) => {
          const sample = serverSamples[index]!;
          expect(await read(chunks(...cutBytes(sample.body, cuts)))).toEqual(expected[index]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("yields the same responses however the text is cut, even inside a surrogate pair or CR LF", async () => {
    const body = multistatus(
      "<d:response><d:href>/cal/🦊.ics</d:href><d:propstat><d:prop>" +
        "<d:displayname>a\r\nb 😀 ä</d:displayname></d:prop></d:propstat></d:response>",
    );
    const expected = await readBody(body);
    expect(propText(expected.responses[0]!, davNames.displayname)).toBe("a\nb 😀 ä");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: body.length }), { maxLength: 20 }),
        async (cuts) => {
          const offsets = [0, ...[...new Set(cuts)].sort((a, b) => a - b), body.length];
          const pieces = offsets.slice(1).map((end, i) => body.slice(offsets[i], end));
          expect(await read(chunks(...pieces))).toEqual(expected);
        },
      ),
    );
  });

  it("accepts bytes and strings mixed, with a multi-byte character split before a string", async () => {
    const body = multistatus(
      "<d:response><d:href>/cal/ä.ics</d:href><d:status>HTTP/1.1 404</d:status></d:response>",
    );
    const bytes = utf8.encode(body);
    const split = bytes.indexOf(0xc3) + 1;
    const { responses } = await read(
      chunks(bytes.subarray(0, split), new TextDecoder().decode(bytes.subarray(split))),
    );
    // The lone lead byte cannot be completed by text, so it stands as U+FFFD.
    expect(responses[0]?.href).toBe("/cal/\uFFFD\uFFFD.ics");
    expect((await read(chunks(bytes.subarray(0, split), bytes.subarray(split)))).responses[0]?.href).toBe(
      "/cal/ä.ics",
    );
  });

  it("ignores a byte order mark, as bytes or as text", async () => {
    const body = multistatus("<d:response><d:href>/a</d:href><d:status>HTTP/1.1 404</d:status></d:response>");
    const withMark = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode(body)]);
    expect((await read(chunks(withMark.subarray(0, 2), withMark.subarray(2)))).responses).toHaveLength(1);
    expect((await readBody(`\uFEFF${body}`)).responses).toHaveLength(1);
  });
});

describe("parseMultistatus reading responses", () => {
  it("keeps 200 and 404 propstats apart, and reads properties only from the successful one", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response><d:href>/cal/</d:href>" +
          "<d:propstat><d:prop><d:displayname>Work</d:displayname></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>" +
          "<d:propstat><d:prop><d:getetag/><cs:getctag/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>" +
          "</d:response>",
        'xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"',
      ),
    );
    const [response] = responses;
    expect(response?.propstats.map((propstat) => [propstat.status, [...propstat.props.keys()]])).toEqual([
      [200, [davNames.displayname]],
      [404, [davNames.getetag, davNames.getctag]],
    ]);
    expect(propText(response!, davNames.displayname)).toBe("Work");
    expect(propText(response!, davNames.getetag)).toBeUndefined();
    expect(propText(response!, davNames.getctag)).toBeUndefined();
  });

  it("treats a propstat without a status as successful", async () => {
    const { responses } = await readBody(
      multistatus(
        '<d:response><d:href>/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop></d:propstat></d:response>',
      ),
    );
    expect(responses[0]?.propstats[0]?.status).toBe(200);
    expect(propText(responses[0]!, davNames.getetag)).toBe('"1"');
  });

  it("reads the shallow trees of discovery properties", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response><d:href>/principals/eve/</d:href><d:propstat><d:prop>" +
          "<d:current-user-principal><d:href>/principals/eve/</d:href></d:current-user-principal>" +
          "<c:calendar-home-set>\n  <d:href>/cal/eve/</d:href>\n  <d:href>https://other.example.com/shared/</d:href>\n</c:calendar-home-set>" +
          "<d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report></d:supported-report-set>" +
          '<c:supported-calendar-component-set><c:comp name="VEVENT"/><c:comp name="VTODO"/></c:supported-calendar-component-set>' +
          "<d:resourcetype><d:collection/><c:calendar/><x:shared xmlns:x='urn:vendor'/></d:resourcetype>" +
          "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>",
        'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"',
      ),
    );
    const response = responses[0]!;
    expect(propHrefs(response, davNames.currentUserPrincipal)).toEqual(["/principals/eve/"]);
    expect(propHrefs(response, davNames.calendarHomeSet)).toEqual([
      "/cal/eve/",
      "https://other.example.com/shared/",
    ]);
    const props = response.propstats[0]!.props;
    const report = props.get(davNames.supportedReportSet)?.children[0]?.children[0]?.children[0];
    expect(report?.name).toBe("{DAV:}sync-collection");
    expect(
      props.get(davNames.supportedCalendarComponentSet)?.children.map((comp) => comp.attributes["name"]),
    ).toEqual(["VEVENT", "VTODO"]);
    expect(props.get(davNames.resourcetype)?.children.map((child) => child.name)).toEqual([
      davNames.collection,
      davNames.calendar,
      "{urn:vendor}shared",
    ]);
  });

  it("gives namespaced attributes their Clark name and leaves namespace declarations out", async () => {
    const { responses } = await readBody(
      multistatus(
        '<d:response><d:href>/a.vcf</d:href><d:propstat><d:prop xmlns:card="urn:ietf:params:xml:ns:carddav">' +
          '<card:address-data content-type="text/vcard" version="4.0" v:x="1" xmlns:v="urn:vendor">BEGIN:VCARD</card:address-data>' +
          "</d:prop></d:propstat></d:response>",
      ),
    );
    expect(responses[0]?.propstats[0]?.props.get(davNames.addressData)?.attributes).toEqual({
      "content-type": "text/vcard",
      version: "4.0",
      "{urn:vendor}x": "1",
    });
  });

  it("reads the elements of a response-level error", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response><d:href>/cal/private.ics</d:href><d:status>HTTP/1.1 403 Forbidden</d:status>" +
          "<d:error><d:need-privileges><d:resource><d:href>/cal/</d:href></d:resource></d:need-privileges></d:error>" +
          "<d:responsedescription>no</d:responsedescription></d:response>",
      ),
    );
    expect(responses).toEqual([
      { href: "/cal/private.ics", status: 403, propstats: [], error: ["{DAV:}need-privileges"] },
    ]);
  });

  it("yields a response naming several hrefs once per href", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response><d:href>/cal/a.ics</d:href><d:href>/cal/b.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>",
      ),
    );
    expect(responses).toEqual([
      { href: "/cal/a.ics", status: 404, propstats: [] },
      { href: "/cal/b.ics", status: 404, propstats: [] },
    ]);
  });

  it("trims whitespace around hrefs and values, and reads HTTP/2 status lines", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response>\n  <d:href>\n    /cal/a%20b.ics\n  </d:href>\n  <d:propstat>\n" +
          '<d:prop><d:getetag>\n "3" \n</d:getetag></d:prop><d:status> HTTP/2 200 </d:status></d:propstat></d:response>',
      ),
    );
    expect(summary(responses[0]!)).toEqual({ href: "/cal/a%20b.ics", etag: '"3"' });
  });

  it("drops control characters that make XML invalid, keeping tabs and line ends", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response><d:href>/cal/a\u0001.ics</d:href><d:propstat><d:prop>" +
          "<d:displayname>Bell\u0007 \u001b[31mred\ttab\uFFFF</d:displayname>" +
          "<c:calendar-data>BEGIN:VCALENDAR\u000b\nSUMMARY:x\u0000y\nEND:VCALENDAR</c:calendar-data>" +
          "</d:prop></d:propstat></d:response>",
        'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"',
      ),
    );
    const response = responses[0]!;
    expect(response.href).toBe("/cal/a.ics");
    expect(propText(response, davNames.displayname)).toBe("Bell [31mred\ttab");
    expect(propText(response, davNames.calendarData)).toBe("BEGIN:VCALENDAR\nSUMMARY:xy\nEND:VCALENDAR");
  });

  it("ignores unknown elements wherever they are, including lookalikes in other namespaces", async () => {
    const { responses, syncToken } = await readBody(
      multistatus(
        "<x:meta><d:response><d:href>/hidden</d:href></d:response></x:meta>" +
          "<x:response><d:href>/not-dav</d:href></x:response>" +
          "<d:response><x:note>hi</x:note><d:href>/a.ics</d:href><d:location><d:href>/b</d:href></d:location>" +
          "<d:propstat><x:extra/><d:prop><d:getetag>1</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status>" +
          "<d:responsedescription>fine</d:responsedescription></d:propstat></d:response>" +
          "<d:responsedescription>done</d:responsedescription>",
        'xmlns:d="DAV:" xmlns:x="urn:vendor"',
      ),
    );
    expect(responses.map(summary)).toEqual([{ href: "/a.ics", etag: "1" }]);
    expect(syncToken).toBeUndefined();
  });

  it("keeps only the wanted properties", async () => {
    const { responses } = await readBody(
      multistatus(
        "<d:response><d:href>/a.ics</d:href><d:propstat><d:prop><d:getetag>1</d:getetag>" +
          "<d:displayname>skip me</d:displayname><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>",
      ),
      { wanted: [davNames.getetag] },
    );
    expect([...responses[0]!.propstats[0]!.props.keys()]).toEqual([davNames.getetag]);
  });

  it("reads an empty multistatus", async () => {
    expect(await readBody(multistatus(""))).toEqual({ responses: [], syncToken: undefined });
    expect(await readBody('<multistatus xmlns="DAV:"/>')).toEqual({ responses: [], syncToken: undefined });
  });
});

describe("parseMultistatus refusing what cannot be trusted", () => {
  it.each([
    ["an empty body", "", /line 1, column 0: document must contain a root element/],
    [
      "plain text",
      "Internal Server Error",
      /not well-formed XML \(line 1, column \d+: text data outside of root node/,
    ],
    [
      "an HTML error page",
      "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><meta charset=utf-8></head><body>secret-token-123</body></html>",
      /expected a DAV multistatus, found <html>/,
    ],
    [
      "an HTML5 page",
      "<!doctype html>\n<html lang=en><body>secret-token-123</body></html>",
      /not well-formed XML \(line 1, column 9: incorrect syntax/,
    ],
    [
      "an XHTML page",
      '<html xmlns="http://www.w3.org/1999/xhtml"><body>secret-token-123</body></html>',
      /expected a DAV multistatus, found <\{http:\/\/www.w3.org\/1999\/xhtml\}html>/,
    ],
    [
      "a DAV error instead of a multistatus",
      '<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>',
      /expected a DAV multistatus, found <\{DAV:\}error>/,
    ],
    ["a multistatus without its namespace", "<multistatus><response/></multistatus>", /found <multistatus>/],
    [
      "an unclosed tag",
      multistatus("<d:response><d:href>/a</d:response>"),
      /line 2, column \d+: unexpected close tag/,
    ],
    ["a body cut short", multistatus("<d:response><d:href>/a</d:href>").slice(0, -20), /unclosed tag/],
    ["an unbound prefix", "<d:multistatus><d:response/></d:multistatus>", /unbound namespace prefix/],
    ["garbage after the root", `${multistatus("")}<trailing/>`, /line 2, column \d+/],
    [
      "a response without an href",
      multistatus("<d:response><d:status>HTTP/1.1 200 OK</d:status></d:response>"),
      /a response without an href/,
    ],
    [
      "an unreadable status line",
      multistatus("<d:response><d:href>/a</d:href><d:status>fine</d:status></d:response>"),
      /not an HTTP status line: "fine"/,
    ],
  ])("refuses %s with an InvalidDataError naming the URL and the place", async (_, body, pattern) => {
    const message = await failure(body);
    expect(message).toMatch(pattern);
    expect(message).not.toContain("secret-token-123");
  });

  it("refuses a text longer than the limit, counted over one response's values", async () => {
    const etag = (length: number) =>
      multistatus(
        `<d:response><d:href>/a</d:href><d:propstat><d:prop><d:getetag>${"e".repeat(length)}</d:getetag><d:displayname>${"n".repeat(length)}</d:displayname></d:prop></d:propstat></d:response>`,
      );
    expect((await readBody(etag(40), { maxTextLength: 100 })).responses).toHaveLength(1);
    expect(await failure(etag(60), { maxTextLength: 100 })).toMatch(
      /a response holds more than 100 characters of text/,
    );
    expect(await failure(etag(200), { maxTextLength: 100 })).toMatch(/more than 100 characters/);
  });

  it("refuses a sync token longer than the limit", async () => {
    expect(
      await failure(multistatus(`<d:sync-token>${"t".repeat(101)}</d:sync-token>`), { maxTextLength: 100 }),
    ).toMatch(/the sync token holds more than 100 characters of text/);
  });

  it("refuses markup the parser would have to hold whole, such as an endless attribute", async () => {
    const prefix = multistatus("").split("</d:multistatus>")[0]!;
    async function* endlessAttribute() {
      yield `${prefix}<d:response><d:href x="`;
      for (;;) yield "a".repeat(1000);
    }
    expect(await failure(endlessAttribute(), { maxTextLength: 100_000 })).toMatch(
      /more than 100000 characters of text or markup in one piece/,
    );
  });

  it("refuses a response with more elements than the limit", async () => {
    const many = (count: number) =>
      multistatus(
        `<d:response><d:href>/a</d:href><d:propstat><d:prop><d:resourcetype>${"<d:x/>".repeat(count)}</d:resourcetype></d:prop></d:propstat></d:response>`,
      );
    expect((await readBody(many(5), { maxElementsPerResponse: 10 })).responses).toHaveLength(1);
    expect(await failure(many(20), { maxElementsPerResponse: 10 })).toMatch(/more than 10 elements/);
  });

  it("refuses a calendar-data above the default 32 MiB without reading the rest of the body", async () => {
    let pulled = 0;
    const megabyte = "X".repeat(1024 * 1024);
    async function* hugeItem() {
      yield multistatus("").split("</d:multistatus>")[0]!;
      yield '<d:response><d:href>/big.ics</d:href><d:propstat><d:prop><c:calendar-data xmlns:c="urn:ietf:params:xml:ns:caldav">';
      for (; pulled < 200; pulled += 1) yield megabyte;
      yield "</c:calendar-data></d:prop></d:propstat></d:response></d:multistatus>";
    }
    expect(await failure(hugeItem())).toMatch(/more than 33554432 characters/);
    expect(pulled).toBeLessThan(40);
  });
});

describe("parseMultistatus streaming", () => {
  const responseXml = (index: number) =>
    `<d:response><d:href>/cal/item-${index}.ics</d:href><d:propstat><d:prop><d:getetag>"${index}"</d:getetag>` +
    `<c:calendar-data>BEGIN:VCALENDAR\nUID:${index}\nEND:VCALENDAR</c:calendar-data></d:prop>` +
    "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";

  it("yields each of 20,000 responses while the body is still arriving", async () => {
    const total = 20_000;
    let generated = 0;
    async function* body() {
      yield '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">';
      for (; generated < total;) {
        // Batches of ten in one chunk, as a network would deliver them.
        let batch = "";
        for (let i = 0; i < 10; i += 1) batch += responseXml(generated++);
        yield batch;
      }
      yield "<d:sync-token>end</d:sync-token></d:multistatus>";
    }
    const multistatus = parseMultistatus(body(), { url });
    let seen = 0;
    let largestBacklog = 0;
    for await (const response of multistatus) {
      expect(response.href).toBe(`/cal/item-${seen}.ics`);
      seen += 1;
      largestBacklog = Math.max(largestBacklog, generated - seen);
      if (seen === total / 2) expect(generated).toBeLessThan(total);
    }
    expect(seen).toBe(total);
    // Never more responses were read from the body than one chunk holds, however long the body.
    expect(largestBacklog).toBeLessThan(10);
    expect(multistatus.syncToken()).toBe("end");
  });

  it("stops reading the body when the reader stops early", async () => {
    let finished = false;
    async function* body() {
      try {
        yield '<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">';
        for (let index = 0; ; index += 1) yield responseXml(index);
      } finally {
        finished = true;
      }
    }
    for await (const response of parseMultistatus(body(), { url })) {
      if (response.href.endsWith("-3.ics")) break;
    }
    expect(finished).toBe(true);
  });

  it("is read once, and has its sync token only after the end", async () => {
    const answer = parseMultistatus(chunks(multistatus("<d:sync-token>t</d:sync-token>")), { url });
    expect(() => answer.syncToken()).toThrow(InternalError);
    for await (const _ of answer) expect.unreachable();
    expect(answer.syncToken()).toBe("t");
    await expect(async () => {
      for await (const _ of answer) expect.unreachable();
    }).rejects.toThrow(InternalError);
  });
});
