import { describe, expect, it } from "vitest";
import { describeItem, normalisedHash } from "./describe-item.js";
import { splitCollection } from "./split-collection.js";
import {
  appleRecurringEvent,
  appleVcard3,
  crlf,
  googleEvent,
  radicaleCollection,
  utf8,
  vcard4,
} from "./testing/fixtures.js";

const octets = (text: string) => utf8(text).length;

describe("splitCollection, iCalendar", () => {
  const { kind, items } = splitCollection(radicaleCollection);

  it("gives one item per UID, and one per component without UID", () => {
    expect(kind).toBe("icalendar");
    expect(items.map((item) => item.uid)).toEqual([
      "weekly-yoga@example.org",
      "call-with-bob@example.org",
      undefined,
      undefined,
      "new-year@example.org",
      "flight@example.org",
    ]);
    expect(items.map((item) => describeItem(utf8(item.text)).uid)).toEqual(items.map((item) => item.uid));
  });

  it("keeps a recurring event with its overrides, and only the VTIMEZONEs they use", () => {
    expect(items[0]?.text).toBe(
      crlf(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Radicale//NONSGML Radicale Server//EN
X-WR-CALNAME:Home
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19961027T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly-yoga@example.org
X-RADICALE-NAME:weekly-yoga.ics
DTSTAMP:20240101T000000Z
DTSTART;TZID=Europe/Berlin:20240103T180000
DURATION:PT1H
RRULE:FREQ=WEEKLY
SUMMARY:Yoga
END:VEVENT
BEGIN:VEVENT
UID:weekly-yoga@example.org
DTSTAMP:20240101T000000Z
RECURRENCE-ID;TZID=Europe/Berlin:20240110T180000
DTSTART;TZID=Europe/Berlin:20240110T190000
DURATION:PT1H
SUMMARY:Yoga (late)
END:VEVENT
END:VCALENDAR
`),
    );
  });

  it("follows quoted TZIDs, and finds a timezone another calendar of the file defines", () => {
    const tzids = (text: string | undefined) =>
      [...(text ?? "").matchAll(/^TZID:(.*)\r$/gm)].map((m) => m[1]);
    expect(items.map((item) => tzids(item.text))).toEqual([
      ["Europe/Berlin"],
      ["America/New_York"],
      [],
      [],
      [],
      ["Asia/Tokyo"],
    ]);
  });

  it("gives every item the calendar-level properties of the file's first calendar", () => {
    for (const item of items)
      expect(item.text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-\/\/Radicale\/\/NONSGML/);
    expect(items[5]?.text).toContain("X-WR-CALNAME:Home\r\n");
  });

  it("leaves METHOD and collection properties out", () => {
    for (const item of items) expect(item.text).not.toMatch(/^(METHOD|NAME):/m);
  });

  it("keeps what a single item said, by hash", () => {
    for (const text of [googleEvent, appleRecurringEvent]) {
      const split = splitCollection(text).items;
      expect(split).toHaveLength(1);
      expect(normalisedHash(utf8(split[0]?.text ?? ""))).toBe(normalisedHash(utf8(text)));
    }
  });

  it("keeps the physical lines of components, and folds lines that were too long", () => {
    const tabFolded = "DESCRIPTION:Quarterly planning with the whole team.\r\n\tAgenda to follow.";
    const long = `LOCATION:${"Großer Saal, Hauptgebäude 😀 ".repeat(5)}`;
    const text = googleEvent.replace("SUMMARY:Quarterly planning", `${tabFolded}\n${long}`);
    const [item] = splitCollection(text).items;
    expect(item?.text).toContain(`${tabFolded}\r\n`);
    const lines = item?.text.split("\r\n") ?? [];
    expect(lines.every((line) => octets(line) <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith("LOCATION:"))).toBe(true);
    expect(normalisedHash(utf8(item?.text ?? ""))).toBe(normalisedHash(utf8(text)));
  });

  it("keeps components of one UID together across the calendars of a file", () => {
    const [master, override] = appleRecurringEvent.split(/(?=BEGIN:VEVENT)/).slice(1);
    const text = `BEGIN:VCALENDAR\n${master}BEGIN:VCALENDAR\n${override}`;
    const { items: split } = splitCollection(text);
    expect(split).toHaveLength(1);
    expect(split[0]?.text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it("writes in an END the input lacked", () => {
    const { items: split } = splitCollection(
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nSUMMARY:x\n",
    );
    expect(split.map((item) => item.text)).toEqual([
      crlf(
        "BEGIN:VCALENDAR\nPRODID:-//concord//EN\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n",
      ),
    ]);
  });
});

describe("splitCollection, vCard", () => {
  it("gives each card as it was, with CRLF line endings", () => {
    const text = `${appleVcard3}\n${vcard4}`;
    const { kind, items } = splitCollection(text);
    expect(kind).toBe("vcard");
    expect(items).toEqual([
      { uid: "2F8B1C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", text: crlf(appleVcard3) },
      { uid: "urn:uuid:6d4c2d9e-5b1a-4f3e-8a7c-1b2d3e4f5a6b", text: crlf(vcard4) },
    ]);
  });

  it("keeps cards apart when one lacks its END, and a card without UID", () => {
    const { items } = splitCollection("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nUID:b\nFN:B\nEND:VCARD\n");
    expect(items).toEqual([
      { uid: undefined, text: "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n" },
      { uid: "b", text: "BEGIN:VCARD\r\nUID:b\r\nFN:B\r\nEND:VCARD\r\n" },
    ]);
  });
});

describe("splitCollection, junk", () => {
  it("drops lines outside components and never throws", () => {
    expect(splitCollection("")).toEqual({ kind: "unknown", items: [] });
    expect(splitCollection("just some text\nwith: colons;and=semicolons\n")).toEqual({
      kind: "unknown",
      items: [],
    });
    const { items } = splitCollection(`garbage before\n${vcard4}garbage after\n`);
    expect(items.map((item) => item.text)).toEqual([crlf(vcard4)]);
  });

  it("gives components of unknown kind one by one", () => {
    expect(splitCollection("BEGIN:VEVENT\nUID:a\nEND:VEVENT\nBEGIN:VTODO\nEND:VTODO\n")).toEqual({
      kind: "unknown",
      items: [
        { uid: "a", text: "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n" },
        { uid: undefined, text: "BEGIN:VTODO\r\nEND:VTODO\r\n" },
      ],
    });
  });
});
