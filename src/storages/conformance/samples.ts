/**
 * Items the cases write, and small helpers to read a collection back. The samples are iCalendar
 * because every calendar storage must take them; one of them is deliberately invalid, since
 * concord synchronises imperfect items instead of rejecting them.
 * @module
 */
import { expect } from "vitest";
import {
  type Body,
  type Collection,
  type Fetched,
  type Href,
  readBody,
  type Version,
} from "../../contract/index.js";

const encoder = new TextEncoder();

/** A well-formed event with CRLF line endings. */
export function eventText(uid: string, summary: string): string {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//concord//conformance//EN",
    "BEGIN:VEVENT",
    // A UID cannot span lines; hostile UIDs keep everything else.
    `UID:${uid.replace(/[\r\n]/g, " ")}`,
    "DTSTAMP:20240101T000000Z",
    "DTSTART:20240102T100000Z",
    `SUMMARY:${summary}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

export const event = (uid: string, summary: string): Uint8Array => encoder.encode(eventText(uid, summary));

/**
 * Balanced BEGIN/END (so a file of many items can still be split), but otherwise wrong: LF line
 * endings, no VERSION or DTSTAMP, a date that is not one, a line without a colon.
 */
export const invalidEvent = encoder.encode(
  [
    "BEGIN:VCALENDAR",
    "PRODID:-//concord//conformance//EN",
    "BEGIN:VEVENT",
    "UID:conformance-invalid",
    "DTSTART:not a date",
    "this line has no colon",
    'SUMMARY;X-PARAM="unterminated:text',
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\n"),
);

export const nonAsciiEvent = event("conformance-non-ascii-ü", "Zürich – 東京 🎉 Ĳsselmeer");

/** Three items of different shapes, each with its own UID. */
export const samples: readonly { readonly uid: string; readonly content: Uint8Array }[] = [
  { uid: "conformance-plain", content: event("conformance-plain", "Plain") },
  { uid: "conformance-invalid", content: invalidEvent },
  { uid: "conformance-non-ascii-ü", content: nonAsciiEvent },
];

/** Lists without a state, which must give every item. */
export async function listVersions(collection: Collection): Promise<Map<Href, Version>> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error(`list() without a state answered ${listing.kind}, not full`);
  return new Map(listing.items.map((item) => [item.href, item.version]));
}

export async function fetchAll(collection: Collection, hrefs: readonly Href[]): Promise<Map<Href, Fetched>> {
  const fetched = new Map<Href, Fetched>();
  for await (const answer of collection.get(hrefs)) fetched.set(answer.href, answer);
  return fetched;
}

/** The content of one item, failing the test if it could not be read. */
export async function fetchOne(
  collection: Collection,
  href: Href,
): Promise<{ content: Uint8Array; version: Version }> {
  const answer = (await fetchAll(collection, [href])).get(href);
  if (answer === undefined) throw new Error(`get(${href}) yielded nothing`);
  if ("error" in answer) throw answer.error;
  return { content: await readBody(answer.body), version: answer.version };
}

/** Compares a body's bytes with what was written, reading it as the engine would. */
export async function expectBody(body: Body, expected: Uint8Array): Promise<void> {
  expectBytes(await readBody(body), expected);
}

/** Compares bytes as plain arrays, so a Buffer equals a Uint8Array and a failure shows the diff. */
export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(new Uint8Array(actual)).toEqual(new Uint8Array(expected));
}
