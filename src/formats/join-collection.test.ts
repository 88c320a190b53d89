import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalisedHash } from "./describe-item.js";
import { joinCollection } from "./join-collection.js";
import { splitCollection } from "./split-collection.js";
import type { SplitItem } from "./split-collection.js";
import {
  appleRecurringEvent,
  appleVcard3,
  crlf,
  eventWithoutUid,
  googleEvent,
  radicaleCollection,
  utf8,
  vcard4,
} from "./testing/fixtures.js";

const texts = (items: readonly SplitItem[]) => items.map((item) => item.text);
const identities = (items: readonly SplitItem[]) =>
  items.map((item) => ({ uid: item.uid, hash: normalisedHash(utf8(item.text)) }));

describe("joinCollection, iCalendar", () => {
  it("writes one VCALENDAR: the first item's header, each VTIMEZONE once, then the components", () => {
    const sameZone = googleEvent.replace(
      "UID:4kq0v5p3jd1v0s6kq8f9o3r2ab@google.com",
      "UID:second@google.com",
    );
    const joined = joinCollection("icalendar", [googleEvent, appleRecurringEvent, sameZone]);
    const lines = joined.split("\r\n");
    expect(lines.slice(0, 6)).toEqual([
      "BEGIN:VCALENDAR",
      "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
      "VERSION:2.0",
      "CALSCALE:GREGORIAN",
      "X-WR-CALNAME:Work",
      "X-WR-TIMEZONE:America/New_York",
    ]);
    expect(lines.filter((line) => /^(TZID|UID):/.test(line))).toEqual([
      "TZID:America/New_York",
      "TZID:Europe/Berlin",
      "UID:4kq0v5p3jd1v0s6kq8f9o3r2ab@google.com",
      "UID:7C3F2A1E-55B4-4D3A-9F0E-2B8A6C1D9E04",
      "UID:7C3F2A1E-55B4-4D3A-9F0E-2B8A6C1D9E04",
      "UID:second@google.com",
    ]);
    expect(lines.filter((line) => line === "END:VCALENDAR")).toHaveLength(1);
    expect(joined).not.toMatch(/METHOD|[^\r]\n/);
  });

  it("supplies VERSION and PRODID, and writes an empty calendar for no items", () => {
    expect(
      joinCollection("icalendar", ["BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:t\nEND:VTODO\nEND:VCALENDAR"]),
    ).toBe(
      crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//concord//EN\nBEGIN:VTODO\nUID:t\nEND:VTODO\nEND:VCALENDAR\n",
      ),
    );
    expect(joinCollection("icalendar", [])).toBe(
      crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//concord//EN\nEND:VCALENDAR\n"),
    );
  });

  it("takes in items that are broken or not even calendars", () => {
    const joined = joinCollection("icalendar", ["garbage", "BEGIN:VEVENT\nUID:bare\n", eventWithoutUid]);
    expect(splitCollection(joined).items.map((item) => item.uid)).toEqual(["bare", undefined]);
  });
});

describe("joinCollection, vCard", () => {
  it("writes the cards one after another, each ended", () => {
    expect(joinCollection("vcard", [appleVcard3, "junk\nBEGIN:VCARD\nUID:x\n", vcard4])).toBe(
      crlf(`${appleVcard3}BEGIN:VCARD\nUID:x\nEND:VCARD\n${vcard4}`),
    );
    expect(joinCollection("vcard", [])).toBe("");
  });
});

describe("split and join", () => {
  it("round-trip the fixtures without changing any item", () => {
    for (const file of [radicaleCollection, googleEvent, appleRecurringEvent, `${appleVcard3}${vcard4}`]) {
      const { kind, items } = splitCollection(file);
      const again = splitCollection(joinCollection(kind, texts(items)));
      expect(again.kind).toBe(kind);
      expect(identities(again.items)).toEqual(identities(items));
    }
  });

  /** Components of a calendar file: events sharing a few UIDs (or none), each using some timezone. */
  const member = fc.record({
    kind: fc.constantFrom("VEVENT", "VTODO", "VJOURNAL"),
    uid: fc.option(fc.constantFrom("a", "b", "c@example.org", "d"), { nil: undefined }),
    tzid: fc.option(fc.constantFrom("Europe/Berlin", "America/New_York", "Asia/Tokyo"), { nil: undefined }),
    summary: fc.string({ unit: "binary", maxLength: 100 }).map((text) => text.replace(/[\r\n]/g, "")),
  });
  const timezone = (tzid: string) =>
    `BEGIN:VTIMEZONE\nTZID:${tzid}\nBEGIN:STANDARD\nDTSTART:19700101T000000\nEND:STANDARD\nEND:VTIMEZONE\n`;
  const calendarFile = fc
    .array(fc.array(member, { maxLength: 6 }), { minLength: 1, maxLength: 3 })
    .map((calendars) =>
      calendars
        .map(
          (members) =>
            "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nX-WR-CALNAME:Test\n" +
            ["Asia/Tokyo", "Europe/Berlin", "America/New_York"].map(timezone).join("") +
            members
              .map(
                ({ kind, uid, tzid, summary }) =>
                  `BEGIN:${kind}\n${uid === undefined ? "" : `UID:${uid}\n`}` +
                  `DTSTART${tzid === undefined ? "" : `;TZID=${tzid}`}:20240101T100000\nSUMMARY:${summary}\nEND:${kind}\n`,
              )
              .join("") +
            "END:VCALENDAR\n",
        )
        .join(""),
    );

  it("round-trip any calendar file: split(join(split(f))) gives the same items", () => {
    fc.assert(
      fc.property(calendarFile, (file) => {
        const { items } = splitCollection(file);
        const again = splitCollection(joinCollection("icalendar", texts(items)));
        expect(identities(again.items)).toEqual(identities(items));
        expect(new Set(items.map((item) => item.uid).filter((uid) => uid !== undefined)).size).toBe(
          items.filter((item) => item.uid !== undefined).length,
        );
      }),
    );
  });
});
