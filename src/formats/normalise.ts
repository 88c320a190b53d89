/**
 * The normalised text of an item: what stays when everything a server may change without changing
 * the item is taken away, so that hashing it tells real edits from rewrites. Folding, line endings,
 * trailing blanks, blank lines and the case of property and parameter names fall away in reading; this module
 * drops the bookkeeping properties servers stamp on every write and puts components whose order
 * means nothing into a canonical order, properties inside a component included: servers store them
 * in an order of their own. The price: two cards that differ only in the order of their EMAIL lines
 * compare equal.
 * @module
 */
import { propertyValue } from "./component.js";
import type { Component } from "./component.js";
import { trimTrailingBlanks, withUpperCaseParameterNames } from "./content-line.js";
import type { ContentLine } from "./content-line.js";

/** Properties that record when and by what an item was written, not what it says. */
const noiseProperties: ReadonlySet<string> = new Set([
  "PRODID",
  "DTSTAMP",
  "LAST-MODIFIED",
  "CREATED",
  "REV",
  "METHOD",
  "X-RADICALE-NAME",
]);

/** The tree written as canonical LF-terminated lines, stray lines first. */
export function normalisedText(root: Component): string {
  let text = normalisedLines(root.lines);
  for (const child of root.children) text += normalisedComponent(child);
  return text;
}

/** One component's normalised text, nested components included: what it says, however written. */
export function normalisedComponent(component: Component): string {
  if (component.name === "VCALENDAR") {
    // The calendar-level properties (VERSION, CALSCALE, X-WR-CALNAME, ...) describe the file the
    // item travels in, not the item: a .ics export gives every item the file's own.
    return `BEGIN:VCALENDAR\n${calendarMemberTexts(component.children).join("")}END:VCALENDAR\n`;
  }
  const children = component.children.map(normalisedComponent);
  return `BEGIN:${component.name}\n${normalisedLines(component.lines)}${children.join("")}END:${component.name}\n`;
}

/**
 * A component's properties, one canonical line each, sorted: iCalendar and vCard give their order
 * no meaning, and servers do not keep it (Radicale and Xandikos both store properties in an order
 * of their own).
 */
function normalisedLines(lines: readonly ContentLine[]): string {
  const kept = lines
    .filter((line) => !isNoise(line))
    .map((line) => `${line.name}${withUpperCaseParameterNames(trimTrailingBlanks(line.tail))}\n`);
  return kept.sort(compare).join("");
}

function isNoise(line: ContentLine): boolean {
  // A vCard group prefix ("ITEM1.REV") does not make a bookkeeping property meaningful.
  const dot = line.name.lastIndexOf(".");
  return noiseProperties.has(dot < 0 ? line.name : line.name.slice(dot + 1));
}

/**
 * A VCALENDAR's members in canonical order: events, todos and overrides by their normalised text,
 * then VTIMEZONEs by TZID. Servers reorder both freely, and neither order means anything.
 */
function calendarMemberTexts(members: readonly Component[]): string[] {
  return members
    .map((member) => {
      const isTimezone = member.name === "VTIMEZONE";
      const tzid = isTimezone ? (propertyValue(member, "TZID") ?? "") : "";
      return { isTimezone, tzid, text: normalisedComponent(member) };
    })
    .sort(
      (x, y) =>
        Number(x.isTimezone) - Number(y.isTimezone) || compare(x.tzid, y.tzid) || compare(x.text, y.text),
    )
    .map((member) => member.text);
}

// Code-unit order, not localeCompare: the result must not depend on the machine's locale.
function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
