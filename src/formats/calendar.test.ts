import { describe, expect, it } from "vitest";
import { calendarContents, timezonesUsedBy, writeCalendar } from "./calendar.js";
import { parseComponents } from "./component.js";
import type { Component } from "./component.js";
import { readContentLines } from "./content-line.js";
import { radicaleCollection } from "./testing/fixtures.js";

const parse = (text: string) => parseComponents(readContentLines(text));
const names = (components: readonly Component[]) => components.map((component) => component.name);

describe("calendarContents", () => {
  it("carries VERSION, PRODID, CALSCALE and X- properties, not METHOD or collection properties", () => {
    const { header, timezones, members } = calendarContents([parse(radicaleCollection)]);
    expect(header.map((line) => line.name + line.tail)).toEqual([
      "VERSION:2.0",
      "PRODID:-//Radicale//NONSGML Radicale Server//EN",
      "X-WR-CALNAME:Home",
    ]);
    expect([...timezones.keys()]).toEqual(["Europe/Berlin", "America/New_York", "Asia/Tokyo"]);
    expect(names(members)).toEqual(["VEVENT", "VEVENT", "VEVENT", "VTODO", "VJOURNAL", "VEVENT", "VEVENT"]);
  });

  it("sees several calendars as one: the first header, the first VTIMEZONE of each TZID", () => {
    const roots = [
      "BEGIN:VEVENT\nUID:bare\nEND:VEVENT",
      "BEGIN:VCALENDAR\nX-N:1\nBEGIN:VTIMEZONE\nTZID:A\nX-N:1\nEND:VTIMEZONE\nEND:VCALENDAR",
      "BEGIN:VCALENDAR\nX-N:2\nBEGIN:VTIMEZONE\nTZID: A \nX-N:2\nEND:VTIMEZONE\n" +
        "BEGIN:VTIMEZONE\nX-N:3\nEND:VTIMEZONE\nBEGIN:VTIMEZONE\nTZID:B\nEND:VTIMEZONE\nEND:VCALENDAR",
    ].map(parse);
    const { header, timezones, members } = calendarContents(roots);
    expect(header.map((line) => line.name + line.tail)).toEqual(["X-N:1"]);
    expect([...timezones.keys()]).toEqual(["A", "B"]);
    expect(timezones.get("A")?.lines[1]?.tail).toBe(":1");
    expect(names(members)).toEqual(["VEVENT"]);
  });
});

describe("timezonesUsedBy", () => {
  it("follows TZID parameters, quoted or not, in the members and their children", () => {
    const [event] = parse(
      'BEGIN:VEVENT\nDTSTART;TZID="America/New_York":20240104T090000\nEXDATE;tzid=Europe/Berlin:20240105T090000\n' +
        "DTEND;TZID=America/New_York:20240104T100000\nBEGIN:VALARM\nX-AT;TZID=Asia/Tokyo:20240104T080000\n" +
        "END:VALARM\nX-AT;TZID=Nowhere/Defined:20240104T080000\nEND:VEVENT",
    ).children;
    const { timezones } = calendarContents([parse(radicaleCollection)]);
    const used = timezonesUsedBy([event as Component], timezones);
    expect(used.map((timezone) => timezone.lines[0]?.tail)).toEqual([
      ":America/New_York",
      ":Europe/Berlin",
      ":Asia/Tokyo",
    ]);
  });
});

describe("writeCalendar", () => {
  const { header, timezones, members } = calendarContents([parse(radicaleCollection)]);

  it("writes header, timezones and members as they were read, with CRLF", () => {
    const text = writeCalendar(header, [timezones.get("Asia/Tokyo") as Component], members.slice(5, 6));
    expect(text).toBe(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Radicale//NONSGML Radicale Server//EN\r\nX-WR-CALNAME:Home\r\n" +
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\n" +
        "TZOFFSETTO:+0900\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
        "BEGIN:VEVENT\r\nUID:new-year@example.org\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:New Year\r\nEND:VEVENT\r\n" +
        "END:VCALENDAR\r\n",
    );
  });

  it("supplies VERSION and PRODID when the header lacks them", () => {
    expect(writeCalendar([], [], [])).toBe(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//concord//EN\r\nEND:VCALENDAR\r\n",
    );
  });

  it("folds lines longer than 75 octets", () => {
    const [event] = parse(`BEGIN:VEVENT\nSUMMARY:${"ü".repeat(100)}\nEND:VEVENT`).children;
    const lines = writeCalendar([], [], [event as Component]).split("\r\n");
    expect(lines.every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(lines.filter((line) => line.startsWith(" "))).toHaveLength(2);
  });
});
