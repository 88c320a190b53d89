/**
 * Joining items back into one collection file, the inverse of `splitCollection`: splitting the
 * joined text yields items with the same hashes as those joined.
 * @module
 */
import { calendarContents, writeCalendar } from "./calendar.js";
import { parseComponents, physicalLines } from "./component.js";
import { readContentLines } from "./content-line.js";
import { writeLines } from "./fold.js";
import type { ItemKind } from "./identity.js";

/**
 * Joins items into one file. iCalendar items become one VCALENDAR with the calendar-level
 * properties of the first item, each VTIMEZONE once (by TZID), then all other components in item
 * order. Other items are written one after another; lines outside any component are dropped, and a
 * missing END is written in, so that no item swallows the next.
 */
export function joinCollection(kind: ItemKind, items: readonly string[]): string {
  const roots = items.map((item) => parseComponents(readContentLines(item)));
  if (kind !== "icalendar") return writeLines(physicalLines(roots.flatMap((root) => root.children)));
  const { header, timezones, members } = calendarContents(roots);
  return writeCalendar(header, [...timezones.values()], members);
}
