import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeItem, normalisedHash } from "./describe-item.js";
import {
  appleRecurringEvent,
  appleVcard3,
  brokenEvent,
  crlf,
  eventWithoutUid,
  googleEvent,
  utf8,
  vcard4,
} from "./testing/fixtures.js";

const describeText = (text: string) => describeItem(utf8(text));

describe("describeItem", () => {
  it("reads kind and UID of calendar items, skipping the VTIMEZONE that comes first", () => {
    expect(describeText(googleEvent)).toMatchObject({
      kind: "icalendar",
      uid: "4kq0v5p3jd1v0s6kq8f9o3r2ab@google.com",
      ident: "4kq0v5p3jd1v0s6kq8f9o3r2ab@google.com",
    });
    expect(describeText(appleRecurringEvent).uid).toBe("7C3F2A1E-55B4-4D3A-9F0E-2B8A6C1D9E04");
  });

  it("reads kind and UID of vCards 3 and 4", () => {
    expect(describeText(appleVcard3)).toMatchObject({
      kind: "vcard",
      uid: "2F8B1C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
    });
    expect(describeText(vcard4)).toMatchObject({
      kind: "vcard",
      uid: "urn:uuid:6d4c2d9e-5b1a-4f3e-8a7c-1b2d3e4f5a6b",
    });
  });

  it("names the item by its SUMMARY or FN, unescaped, for messages", () => {
    const event =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Lunch\\, then a walk\\nby the river\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    expect(describeText(event).title).toBe("Lunch, then a walk by the river");
    expect(describeText("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n").title).toBe(
      "Ada Lovelace",
    );
    expect(describeText("this is not a calendar\n").title).toBeUndefined();
  });

  it("pairs an item without UID by its hash", () => {
    const info = describeText(eventWithoutUid);
    expect(info.uid).toBeUndefined();
    expect(info.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(info.ident).toBe(`hash:${info.hash}`);
    expect(describeText(crlf(eventWithoutUid)).ident).toBe(info.ident);
  });

  it("takes the first UID of an item whose components disagree", () => {
    const text =
      "BEGIN:VCALENDAR\nBEGIN:VTODO\nEND:VTODO\nBEGIN:VEVENT\nUID:b\nEND:VEVENT\nBEGIN:VEVENT\nUID:a\nEND:VEVENT\nEND:VCALENDAR";
    expect(describeText(text).uid).toBe("b");
  });

  it("describes broken items instead of rejecting them", () => {
    expect(describeText(brokenEvent)).toMatchObject({ kind: "icalendar", uid: "broken-1@example.org" });
    expect(describeText("BEGIN:VEVENT\nUID:bare\n")).toMatchObject({ kind: "unknown", uid: "bare" });
    expect(describeText("")).toMatchObject({ kind: "unknown", uid: undefined });
    const deep = Array.from({ length: 20_000 }, (_, i) => `BEGIN:X${i}\n`).join("");
    expect(describeText(deep).kind).toBe("unknown");
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(describeItem(binary).kind).toBe("unknown");
  });

  it("ignores a byte order mark", () => {
    expect(describeText(`\ufeff${vcard4}`)).toEqual(describeText(vcard4));
  });

  it("hashes bytes that are not UTF-8 as they are, keeping different bytes apart", () => {
    const latin1 = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
    const card = "BEGIN:VCARD\nUID:müller\nFN:J\xfcrgen M\xfcller\nEND:VCARD\n";
    const info = describeItem(latin1(card));
    expect(info.hash).toBe(createHash("sha256").update(latin1(card)).digest("hex"));
    expect(info).toMatchObject({ kind: "vcard", uid: "m\ufffdller" });
    expect(describeItem(latin1(crlf(card))).hash).not.toBe(info.hash);
  });
});

describe("normalisedHash", () => {
  it("is the hash describeItem gives", () => {
    expect(normalisedHash(utf8(googleEvent))).toBe(describeText(googleEvent).hash);
  });

  it("ignores what servers rewrite", () => {
    const rewritten = crlf(googleEvent)
      .replace(
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "PRODID:-//Radicale//NONSGML Radicale Server//EN",
      )
      .replace("DTSTAMP:20240110T120000Z", "DTSTAMP:20250101T000000Z")
      .replace("SUMMARY:Quarterly planning", "summary:Quarterly planning   ")
      .replace("TRANSP:OPAQUE", "TRANSP:OPAQUE\r\nLAST-MODIFIED:20250101T000000Z");
    expect(normalisedHash(utf8(rewritten))).toBe(normalisedHash(utf8(googleEvent)));
  });

  it("changes when a value does", () => {
    const edited = googleEvent.replace("LOCATION:Room 4.12", "LOCATION:Room 4.13");
    expect(normalisedHash(utf8(edited))).not.toBe(normalisedHash(utf8(googleEvent)));
  });
});
