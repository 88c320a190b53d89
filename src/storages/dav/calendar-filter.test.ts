import { describe, expect, it } from "vitest";
import { ConfigError } from "../../errors/index.js";
import { calendarFilter } from "./calendar-filter.js";
import { caldavConfigSchema } from "./config.js";
import { calendarQueryBody } from "./xml/bodies.js";

const now = new Date("2026-12-03T18:40:00Z");
const filter = (config: Parameters<typeof calendarFilter>[0]) => calendarFilter(config, "storage.cal", now);

describe("calendarFilter", () => {
  it("is none when nothing limits the calendar", () => {
    expect(filter({})).toBeUndefined();
  });

  it("moves today's midnight (UTC) by days, weeks, months and years", () => {
    expect(filter({ start_date: "-90d" })?.start?.toISOString()).toBe("2026-09-04T00:00:00.000Z");
    expect(filter({ start_date: "-2w" })?.start?.toISOString()).toBe("2026-11-19T00:00:00.000Z");
    expect(filter({ start_date: "-6m" })?.start?.toISOString()).toBe("2026-06-03T00:00:00.000Z");
    expect(filter({ end_date: "+2y" })?.end?.toISOString()).toBe("2028-12-03T00:00:00.000Z");
  });

  it("takes dates and UTC times as written", () => {
    const both = filter({ start_date: "2024-01-31", end_date: "2025-02-01T08:30:00Z" });
    expect(both?.start?.toISOString()).toBe("2024-01-31T00:00:00.000Z");
    expect(both?.end?.toISOString()).toBe("2025-02-01T08:30:00.000Z");
  });

  it("asks for every kind of item unless told, and keys the state by kinds and window", () => {
    expect(filter({ start_date: "-1d" })?.types).toEqual(["VEVENT", "VTODO", "VJOURNAL"]);
    expect(filter({ item_types: ["VTODO"] })).toMatchObject({ types: ["VTODO"], key: "VTODO .." });
  });

  it("refuses an end that is not after the start, naming the key", () => {
    expect(() => filter({ start_date: "+1y", end_date: "-1d" })).toThrow(
      new ConfigError('storage.cal.end_date: "-1d" is not after start_date "+1y"', {
        key: "storage.cal.end_date",
      }),
    );
  });

  it("is checked by the config schema", () => {
    const base = { type: "caldav", url: "https://dav.example.org/" };
    expect(caldavConfigSchema.safeParse({ ...base, start_date: "90 days ago" }).success).toBe(false);
    expect(caldavConfigSchema.safeParse({ ...base, item_types: ["VCARD"] }).success).toBe(false);
    expect(
      caldavConfigSchema.safeParse({ ...base, start_date: "-90d", item_types: ["VEVENT"] }).success,
    ).toBe(true);
  });
});

describe("calendarQueryBody", () => {
  it("matches a component in a time range, in the UTC form RFC 4791 asks for", () => {
    const body = calendarQueryBody({
      match: { component: "VEVENT", start: new Date("2026-09-04T00:00:00Z") },
    });
    expect(body).toContain('<c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">');
    expect(body).toContain('<c:time-range start="20260904T000000Z"/></c:comp-filter>');
  });
});
