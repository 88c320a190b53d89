/**
 * A VCALENDAR as splitting and joining see it: calendar-level properties, the VTIMEZONEs, and the
 * members (events, todos, journals, their overrides) that the timezones serve.
 * @module
 */
import { parseContentLine } from "./content-line.js";
import type { ContentLine } from "./content-line.js";
import { physicalLines, propertyValue } from "./component.js";
import type { Component } from "./component.js";
import { writeFoldedLines } from "./fold.js";

export interface CalendarParts {
  /** The calendar-level properties worth carrying into each item split off; see {@link isCarried}. */
  readonly header: readonly ContentLine[];
  readonly timezones: readonly Component[];
  readonly members: readonly Component[];
}

/**
 * The calendars of a tree. A component found outside any VCALENDAR is kept as a calendar of its
 * own, without calendar-level properties, rather than dropped.
 */
export function calendarsIn(root: Component): CalendarParts[] {
  return root.children.map((component) => {
    const isCalendar = component.name === "VCALENDAR";
    const contents = isCalendar ? component.children : [component];
    return {
      header: isCalendar ? component.lines.filter(isCarried) : [],
      timezones: contents.filter((child) => child.name === "VTIMEZONE"),
      members: contents.filter((child) => child.name !== "VTIMEZONE"),
    };
  });
}

// METHOD belongs to a scheduling message, not to a stored item, and RFC 7986's NAME, COLOR… describe
// the whole collection, not each item in it.
function isCarried(line: ContentLine): boolean {
  return (
    line.name === "VERSION" ||
    line.name === "PRODID" ||
    line.name === "CALSCALE" ||
    line.name.startsWith("X-")
  );
}

/** The VTIMEZONEs by TZID; the first of several with one TZID wins, and one without a TZID is useless. */
export function timezonesById(timezones: readonly Component[]): Map<string, Component> {
  const byId = new Map<string, Component>();
  for (const timezone of timezones) {
    const tzid = propertyValue(timezone, "TZID");
    if (tzid !== undefined && !byId.has(tzid)) byId.set(tzid, timezone);
  }
  return byId;
}

/** The TZIDs a component (or anything inside it) refers to through `TZID=` parameters, in order. */
export function referencedTzids(component: Component): Set<string> {
  const tzids = new Set<string>();
  const visit = (current: Component): void => {
    for (const line of current.lines) {
      for (const parameter of parseContentLine(line).parameters) {
        if (parameter.name === "TZID") tzids.add(parameter.value.trim());
      }
    }
    current.children.forEach(visit);
  };
  visit(component);
  return tzids;
}

/**
 * One VCALENDAR holding the given parts, folded, with CRLF line endings. VERSION and PRODID are
 * required in a calendar, so they are supplied when the header lacks them.
 */
export function writeCalendar(
  header: readonly ContentLine[],
  timezones: readonly Component[],
  members: readonly Component[],
): string {
  const has = (name: string): boolean => header.some((line) => line.name === name);
  return writeFoldedLines([
    "BEGIN:VCALENDAR",
    ...(has("VERSION") ? [] : ["VERSION:2.0"]),
    ...(has("PRODID") ? [] : ["PRODID:-//concord//EN"]),
    ...header.flatMap((line) => line.physical),
    ...timezones.flatMap(physicalLines),
    ...members.flatMap(physicalLines),
    "END:VCALENDAR",
  ]);
}
