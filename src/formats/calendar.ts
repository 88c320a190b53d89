/**
 * Calendar data as splitting and joining see it: one set of calendar-level properties, the
 * VTIMEZONEs by TZID, and the members (events, todos, journals, their overrides) they serve.
 *
 * Several VCALENDARs, in one file or in items being joined, are seen as one calendar: the first
 * header and the first definition of each TZID stand for all. A joined file can hold no more than
 * that, so splitting with the same view is what lets split, join and split again keep every item.
 * @module
 */
import { parseContentLine } from "./content-line.js";
import type { ContentLine } from "./content-line.js";
import { physicalLines, propertyValue } from "./component.js";
import type { Component } from "./component.js";
import { writeFoldedLines } from "./fold.js";

export interface CalendarContents {
  /** The calendar-level properties carried into each item: VERSION, PRODID, CALSCALE and X- ones. */
  readonly header: readonly ContentLine[];
  /** The VTIMEZONEs by TZID. */
  readonly timezones: ReadonlyMap<string, Component>;
  readonly members: readonly Component[];
}

/**
 * The calendar contents of one or more trees. A component found outside any VCALENDAR is taken as
 * a member (or a timezone) rather than dropped.
 */
export function calendarContents(roots: readonly Component[]): CalendarContents {
  const topLevel = roots.flatMap((root) => root.children);
  const contents = topLevel.flatMap((component) =>
    isCalendar(component) ? component.children : [component],
  );
  return {
    header: topLevel.find(isCalendar)?.lines.filter(isCarried) ?? [],
    timezones: timezonesById(contents.filter(isTimezone)),
    members: contents.filter((component) => !isTimezone(component)),
  };
}

const isCalendar = (component: Component): boolean => component.name === "VCALENDAR";
const isTimezone = (component: Component): boolean => component.name === "VTIMEZONE";

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
function timezonesById(timezones: readonly Component[]): Map<string, Component> {
  const byId = new Map<string, Component>();
  for (const timezone of timezones) {
    const tzid = propertyValue(timezone, "TZID");
    if (tzid !== undefined && !byId.has(tzid)) byId.set(tzid, timezone);
  }
  return byId;
}

/**
 * The VTIMEZONEs the members refer to through `TZID=` parameters, anywhere inside them, in order of
 * first use. A TZID without a definition is left unresolved, as it was.
 */
export function timezonesUsedBy(
  members: readonly Component[],
  timezones: ReadonlyMap<string, Component>,
): Component[] {
  const used = new Map<string, Component>();
  const visit = (component: Component): void => {
    for (const line of component.lines) {
      for (const parameter of parseContentLine(line).parameters) {
        const tzid = parameter.value.trim();
        const timezone = parameter.name === "TZID" ? timezones.get(tzid) : undefined;
        if (timezone !== undefined) used.set(tzid, timezone);
      }
    }
    component.children.forEach(visit);
  };
  members.forEach(visit);
  return [...used.values()];
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
    ...physicalLines(timezones),
    ...physicalLines(members),
    "END:VCALENDAR",
  ]);
}
