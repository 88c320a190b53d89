import { describe, expect, it } from "vitest";
import { parseComponents } from "./component.js";
import { readContentLines } from "./content-line.js";
import { normalisedText } from "./normalise.js";
import { appleRecurringEvent, crlf } from "./testing/fixtures.js";

const normalise = (text: string) => normalisedText(parseComponents(readContentLines(text)));

describe("normalisedText", () => {
  it("writes canonical lines: unfolded, LF, no trailing blanks, uppercased names", () => {
    const text =
      "begin:vcalendar\r\nversion:2.0  \r\nBEGIN:VEVENT\r\nUID:1\r\n\r\n" +
      "summary;language=en:Hello \r\n wor\r\n\tld\t\r\nEnd:Vevent\r\nEND:VCALENDAR\r\n";
    expect(normalise(text)).toBe(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY;LANGUAGE=en:Hello world\nUID:1\nEND:VEVENT\nEND:VCALENDAR\n",
    );
  });

  it("reads parameter names in any case, and leaves values as written, quoted ones whole", () => {
    const card = (tel: string) => `BEGIN:VCARD\nFN:x\n${tel}\nEND:VCARD`;
    expect(normalise(card("tel;type=work;pref=1:+1 555"))).toBe(
      normalise(card("TEL;TYPE=work;PREF=1:+1 555")),
    );
    expect(normalise(card('ADR;label="A;b:c=d";Type=Home:;;x'))).toBe(
      'BEGIN:VCARD\nADR;LABEL="A;b:c=d";TYPE=Home:;;x\nFN:x\nEND:VCARD\n',
    );
    expect(normalise(card("TEL;TYPE=WORK:1"))).not.toBe(normalise(card("TEL;TYPE=WORK:2")));
  });

  it("drops bookkeeping properties at every level, vCard groups included", () => {
    const text = `BEGIN:VCALENDAR
PRODID:-//x//EN
METHOD:REQUEST
X-RADICALE-NAME:a.ics
BEGIN:VEVENT
UID:1
DTSTAMP:20240101T000000Z
CREATED:20240101T000000Z
LAST-MODIFIED:20240101T000000Z
BEGIN:VALARM
TRIGGER:-PT5M
DTSTAMP:20240101T000000Z
END:VALARM
END:VEVENT
END:VCALENDAR
BEGIN:VCARD
FN:x
item1.REV:2024
REV:2024
END:VCARD`;
    expect(normalise(text)).toBe(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n" +
        "BEGIN:VCARD\nFN:x\nEND:VCARD\n",
    );
  });

  it("ignores the order of a calendar's members, putting VTIMEZONEs last by TZID", () => {
    const text = `BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:Europe/Berlin
END:VTIMEZONE
BEGIN:VEVENT
UID:1
RECURRENCE-ID:20240115T100000
END:VEVENT
BEGIN:VTIMEZONE
TZID:America/New_York
END:VTIMEZONE
BEGIN:VEVENT
UID:1
RRULE:FREQ=WEEKLY
END:VEVENT
END:VCALENDAR`;
    expect(normalise(text)).toBe(`BEGIN:VCALENDAR
BEGIN:VEVENT
RECURRENCE-ID:20240115T100000
UID:1
END:VEVENT
BEGIN:VEVENT
RRULE:FREQ=WEEKLY
UID:1
END:VEVENT
BEGIN:VTIMEZONE
TZID:America/New_York
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:Europe/Berlin
END:VTIMEZONE
END:VCALENDAR
`);
  });

  it("gives the same text to a recurring event whatever the order of its overrides", () => {
    const [head, master, override] = crlf(appleRecurringEvent).split("BEGIN:VEVENT");
    const swapped = `${head}BEGIN:VEVENT${override?.replace("END:VCALENDAR", "")}BEGIN:VEVENT${master}END:VCALENDAR`;
    expect(normalise(swapped)).toBe(normalise(appleRecurringEvent));
  });

  it("ignores the order of properties, as servers do not keep it, but keeps that of nested components", () => {
    const event = "BEGIN:VEVENT\nUID:1\nATTENDEE:a\nSUMMARY:x\nATTENDEE:b\nEND:VEVENT";
    expect(normalise(event)).toBe(
      normalise("BEGIN:VEVENT\nSUMMARY:x\nATTENDEE:b\nUID:1\nATTENDEE:a\nEND:VEVENT"),
    );
    const alarms = (first: string, second: string) =>
      `BEGIN:VEVENT\nBEGIN:VALARM\nTRIGGER:${first}\nEND:VALARM\nBEGIN:VALARM\nTRIGGER:${second}\nEND:VALARM\nEND:VEVENT`;
    expect(normalise(alarms("-PT5M", "-PT1H"))).not.toBe(normalise(alarms("-PT1H", "-PT5M")));
  });

  it("puts properties before nested components wherever they were written", () => {
    expect(normalise("BEGIN:VEVENT\nBEGIN:VALARM\nEND:VALARM\nUID:1\nEND:VEVENT")).toBe(
      "BEGIN:VEVENT\nUID:1\nBEGIN:VALARM\nEND:VALARM\nEND:VEVENT\n",
    );
  });

  it("ignores the calendar-level properties of the file an item travels in", () => {
    const event = "BEGIN:VEVENT\nUID:1\nSUMMARY:x\nEND:VEVENT\n";
    expect(
      normalise(
        `BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:Work\nCALSCALE:GREGORIAN\n${event}END:VCALENDAR\n`,
      ),
    ).toBe(normalise(`BEGIN:VCALENDAR\nVERSION:2.0\n${event}END:VCALENDAR\n`));
  });

  it("treats a missing END like a present one", () => {
    expect(normalise("BEGIN:VCARD\nFN:x\n")).toBe(normalise("BEGIN:VCARD\nFN:x\nEND:VCARD\n"));
  });

  it("keeps lines outside components", () => {
    expect(normalise("junk\nBEGIN:VCARD\nFN:x\nEND:VCARD")).not.toBe(
      normalise("BEGIN:VCARD\nFN:x\nEND:VCARD"),
    );
  });
});
