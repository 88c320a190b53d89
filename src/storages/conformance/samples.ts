/**
 * Items the cases write, one set per item model, and small helpers to read a collection back.
 * Calendar storages get iCalendar, contact storages vCards, file storages files of awkward bytes
 * and names, links and an empty folder, mail storages messages with flags. Events and vCards come with a deliberately imperfect
 * one, since concord synchronises imperfect items instead of rejecting them.
 * @module
 */
import { createHash } from "node:crypto";
import { expect } from "vitest";
import {
  type Attributes,
  type Body,
  bytesBody,
  type Collection,
  type Fetched,
  type Href,
  type Identity,
  type ItemKind,
  type ItemModel,
  readBody,
  type Version,
  type Written,
} from "../../contract/index.js";
import { fileAttributes } from "../../models/file.js";
import { flagAttributes } from "../../models/message.js";

const encoder = new TextEncoder();

/** One item to write: the name `create` is given, the bytes, and what else it is. */
export interface SampleItem {
  readonly name: string;
  readonly content: Uint8Array;
  /** Attributes that tell what the item is (a symbolic link, a folder), given to `create`. */
  readonly attributes?: Attributes;
}

/** What the cases write into a storage of one model. */
export interface ModelSamples {
  readonly kind: ItemKind;
  readonly identity: Identity;
  /**
   * Whether `create` is given exact names (`{ exact: true }`): the href is the name, as the engine
   * asks of models paired by href. Otherwise the name is a suggestion the storage may change.
   */
  readonly exactNames: boolean;
  /** A well-formed item: `key` is its UID or its path, `text` what it says. */
  item(key: string, text: string): SampleItem;
  /** Well-formed items of different shapes, each of which the storage must keep byte for byte. */
  readonly varied: readonly SampleItem[];
  /**
   * An item the format's rules forbid but that people's files hold anyway, for models with a
   * format: concord synchronises it as it is instead of refusing it.
   */
  readonly imperfect?: SampleItem;
  /**
   * An item for a name chosen by whoever wrote it (a hostile UID or path); `malformed` when the
   * name made a malformed item of it (a UID that is empty or holds a control character or an
   * unescaped backslash).
   */
  hostile(name: string, index: number): SampleItem & { readonly malformed?: boolean };
  /** A symbolic link to `target`, for models whose items can be links. */
  link?(name: string, target: string): SampleItem;
  /** Two different sets of attributes the model's items carry, when they carry any. */
  readonly attributes?: { readonly first: Attributes; readonly second: Attributes };
  /** Whether the model's items can be too large to hold in memory, and so must stream. */
  readonly large: boolean;
}

/**
 * A well-formed event of one hour with CRLF line endings. Timed events carry an end: Cyrus refuses
 * those that last no time (403 valid-calendar-data, "DTEND must occur after DTSTART").
 */
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
    "DTEND:20240102T110000Z",
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

/** A well-formed vCard 3.0 with CRLF line endings. */
export function cardText(uid: string, name: string, version: "3.0" | "4.0" = "3.0"): string {
  return [
    "BEGIN:VCARD",
    `VERSION:${version}`,
    "PRODID:-//concord//conformance//EN",
    `UID:${uid.replace(/[\r\n]/g, " ")}`,
    `FN:${name}`,
    `N:${name};;;;`,
    "END:VCARD",
    "",
  ].join("\r\n");
}

export const card = (uid: string, name: string, version?: "3.0" | "4.0"): Uint8Array =>
  encoder.encode(cardText(uid, name, version));

/** Balanced BEGIN/END, but LF line endings, no VERSION or FN, a date that is not one, a line without a colon. */
export const invalidCard = encoder.encode(
  [
    "BEGIN:VCARD",
    "UID:conformance-invalid",
    "BDAY:not a date",
    "this line has no colon",
    'N;X-PARAM="unterminated:text;;;;',
    "END:VCARD",
    "",
  ].join("\n"),
);

/**
 * Whether a UID makes its item malformed: empty, or holding a control character or a backslash,
 * which a TEXT value must escape. A server that parses items may refuse or repair those.
 */
// The character class is the point.
// eslint-disable-next-line no-control-regex
const malformedUid = (uid: string): boolean => uid === "" || /[\\\0-\x1f\x7f]/.test(uid);

const calendarSamples = (identity: Identity): ModelSamples => ({
  kind: "calendar",
  identity,
  exactNames: identity === "href",
  item: (uid, summary) => ({ name: uid, content: event(uid, summary) }),
  varied: [
    { name: "conformance-plain", content: event("conformance-plain", "Plain") },
    { name: "conformance-non-ascii-ü", content: nonAsciiEvent },
  ],
  imperfect: { name: "conformance-invalid", content: invalidEvent },
  hostile: (name, index) => ({
    name,
    content: event(name, `Hostile ${index}`),
    malformed: malformedUid(name),
  }),
  large: false,
});

const contactSamples = (identity: Identity): ModelSamples => ({
  kind: "contact",
  identity,
  exactNames: identity === "href",
  item: (uid, name) => ({ name: uid, content: card(uid, name) }),
  varied: [
    { name: "conformance-plain", content: card("conformance-plain", "Plain") },
    {
      name: "conformance-non-ascii-ü",
      content: card("conformance-non-ascii-ü", "Zürich – 東京 🎉 Ĳsselmeer", "4.0"),
    },
  ],
  imperfect: { name: "conformance-invalid", content: invalidCard },
  hostile: (name, index) => ({
    name,
    content: card(name, `Hostile ${index}`),
    malformed: malformedUid(name),
  }),
  large: false,
});

/** Every byte value, NUL among them, twice over, with more NULs at the end. */
const binaryBytes = new Uint8Array([...Array.from({ length: 512 }, (_, n) => n % 256), 0, 0, 0]);

const link = (name: string, target: string): SampleItem => ({
  name,
  content: encoder.encode(target),
  attributes: { [fileAttributes.type]: "symlink" },
});

const fileSamples = (identity: Identity): ModelSamples => ({
  kind: "file",
  identity,
  exactNames: identity === "href",
  item: (path, text) => ({ name: path, content: encoder.encode(`${text}\n`) }),
  varied: [
    { name: "empty", content: new Uint8Array() },
    { name: "binary.bin", content: binaryBytes },
    // Latin-1 and bytes that are no UTF-8 at all: a storage must not decode them.
    { name: "latin-1.txt", content: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0xc3, 0x28]) },
    { name: "line-ends.txt", content: encoder.encode("crlf\r\nlf\ncr\rnone") },
    { name: "docs/café notes.txt", content: encoder.encode("Zürich – 東京 🎉 Ĳsselmeer\n") },
    link("link to binary", "binary.bin"),
    link("dangling link", "nowhere/at all"),
    { name: "empty folder/", content: new Uint8Array(), attributes: { [fileAttributes.type]: "folder" } },
  ],
  hostile: (name, index) => ({ name, content: encoder.encode(`Hostile ${index}\n`) }),
  link,
  attributes: {
    // Whole seconds, so that every file system holds the time exactly.
    first: { [fileAttributes.mode]: "755", [fileAttributes.mtime]: "1700000000000000000" },
    second: { [fileAttributes.mode]: "640", [fileAttributes.mtime]: "1600000000000000000" },
  },
  large: true,
});

/** A well-formed message with CRLF line ends, as IMAP carries it. */
export function messageText(key: string, subject: string, body = "Hello.\r\n"): string {
  return [
    "From: Alice <alice@example.org>",
    "To: Bob <bob@example.org>",
    // A Message-ID cannot span lines; hostile keys keep everything else.
    `Message-ID: <${key.replace(/[\r\n<>]/g, " ")}@conformance.example.org>`,
    "Date: Tue, 02 Jan 2024 10:00:00 +0000",
    `Subject: ${subject}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
  ].join("\r\n");
}

const message = (key: string, subject: string, body?: string): Uint8Array =>
  encoder.encode(messageText(key, subject, body));

const messageSamples = (identity: Identity): ModelSamples => ({
  kind: "message",
  identity,
  exactNames: identity === "href",
  item: (key, subject) => ({ name: key, content: message(key, subject) }),
  varied: [
    { name: "conformance-plain", content: message("conformance-plain", "Plain") },
    {
      name: "conformance-non-ascii",
      content: message("conformance-non-ascii", "=?utf-8?q?Z=C3=BCrich?=", "Zürich – 東京 🎉 Ĳsselmeer\r\n"),
    },
    {
      name: "conformance-folded",
      content: message(
        "conformance-folded",
        "A subject\r\n folded over two lines",
        "Line one\r\n.\r\nLine three\r\n",
      ),
    },
  ],
  hostile: (name, index) => ({ name, content: message(`hostile-${index}`, `Hostile ${index}`) }),
  attributes: {
    first: flagAttributes(["\\Seen", "\\Flagged"]),
    second: flagAttributes(["\\Answered", "\\Draft"]),
  },
  large: true,
});

/** The samples for a storage's model. */
export function samplesFor(model: Pick<ItemModel, "kind" | "identity">): ModelSamples {
  switch (model.kind) {
    case "calendar":
      return calendarSamples(model.identity);
    case "contact":
      return contactSamples(model.identity);
    case "file":
      return fileSamples(model.identity);
    case "message":
      return messageSamples(model.identity);
  }
}

/** Creates a sample as the engine would: with an exact name where the model pairs by href. */
export function createSample(
  collection: Collection,
  samples: ModelSamples,
  item: SampleItem,
  attributes?: Attributes,
): Promise<Written> {
  const given = item.attributes || attributes ? { ...item.attributes, ...attributes } : undefined;
  const options = samples.exactNames || given ? { exact: samples.exactNames, attributes: given } : undefined;
  return collection.create(bytesBody(item.content), item.name, options);
}

/** Lists without a state, which must give every item. */
export async function listVersions(collection: Collection): Promise<Map<Href, Version>> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error(`list() without a state answered ${listing.kind}, not full`);
  return new Map(listing.items.map((item) => [item.href, item.version]));
}

/** Lists without a state and gives each item's attributes. */
export async function listAttributes(collection: Collection): Promise<Map<Href, Attributes | undefined>> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error(`list() without a state answered ${listing.kind}, not full`);
  return new Map(listing.items.map((item) => [item.href, item.attributes]));
}

export async function fetchAll(collection: Collection, hrefs: readonly Href[]): Promise<Map<Href, Fetched>> {
  const fetched = new Map<Href, Fetched>();
  for await (const answer of collection.get(hrefs)) fetched.set(answer.href, answer);
  return fetched;
}

/** One item as `get` gives it, failing the test if it could not be read. */
export async function fetchItem(
  collection: Collection,
  href: Href,
): Promise<{ body: Body; version: Version; attributes?: Attributes }> {
  const answer = (await fetchAll(collection, [href])).get(href);
  if (answer === undefined) throw new Error(`get(${href}) yielded nothing`);
  if ("error" in answer) throw answer.error;
  return answer;
}

/** The content of one item, failing the test if it could not be read. */
export async function fetchOne(
  collection: Collection,
  href: Href,
): Promise<{ content: Uint8Array; version: Version }> {
  const answer = await fetchItem(collection, href);
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

/** A body's length and SHA-256, read as a stream: never held whole. */
export async function streamDigest(body: Body): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of body.open()) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest("hex") };
}
