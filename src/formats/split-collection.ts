/**
 * Splitting a collection file (a single-file .ics or .vcf storage, a WebCal feed) into items.
 *
 * An iCalendar file becomes one standalone VCALENDAR per UID, holding every component with that UID
 * (a recurring event stays with its overrides) and only the VTIMEZONEs those components use. Each
 * component keeps the physical lines it was read with, so splitting changes no value.
 * @module
 */
import { calendarsIn, referencedTzids, timezonesById, writeCalendar } from "./calendar.js";
import type { CalendarParts } from "./calendar.js";
import { parseComponents, physicalLines } from "./component.js";
import type { Component } from "./component.js";
import { readContentLines } from "./content-line.js";
import type { ContentLine } from "./content-line.js";
import { writeLines } from "./fold.js";
import { kindOf, uidOf } from "./identity.js";
import type { ItemKind } from "./identity.js";

export interface SplitItem {
  /** The UID the item's components share; undefined for a component without one. */
  readonly uid: string | undefined;
  /** The item as text with CRLF line endings. */
  readonly text: string;
}

/**
 * Splits a collection file into its items. Lines outside any component are dropped. A vCard file
 * (or any file that is not iCalendar) yields each top-level component, physical lines unchanged.
 */
export function splitCollection(text: string): { kind: ItemKind; items: SplitItem[] } {
  const root = parseComponents(readContentLines(text));
  const kind = kindOf(root);
  return { kind, items: kind === "icalendar" ? splitCalendars(calendarsIn(root)) : splitComponents(root) };
}

function splitComponents(root: Component): SplitItem[] {
  return root.children.map((component) => ({
    uid: uidOf(component),
    text: writeLines(physicalLines(component)),
  }));
}

interface ItemInProgress {
  readonly uid: string | undefined;
  readonly header: readonly ContentLine[];
  readonly members: Component[];
  readonly timezones: Map<string, Component>;
}

/**
 * Components are grouped by UID across all calendars of the file: two items with one UID could not
 * be told apart by sync. A referenced VTIMEZONE is taken from the component's own calendar first.
 */
function splitCalendars(calendars: readonly CalendarParts[]): SplitItem[] {
  const anyTimezone = timezonesById(calendars.flatMap((calendar) => calendar.timezones));
  const items: ItemInProgress[] = [];
  const itemsByUid = new Map<string, ItemInProgress>();
  for (const calendar of calendars) {
    const ownTimezone = timezonesById(calendar.timezones);
    for (const member of calendar.members) {
      const uid = uidOf(member);
      let item = uid === undefined ? undefined : itemsByUid.get(uid);
      if (item === undefined) {
        item = { uid, header: calendar.header, members: [], timezones: new Map() };
        items.push(item);
        if (uid !== undefined) itemsByUid.set(uid, item);
      }
      item.members.push(member);
      for (const tzid of referencedTzids(member)) {
        const timezone = ownTimezone.get(tzid) ?? anyTimezone.get(tzid);
        if (timezone !== undefined && !item.timezones.has(tzid)) item.timezones.set(tzid, timezone);
      }
    }
  }
  return items.map((item) => ({
    uid: item.uid,
    text: writeCalendar(item.header, [...item.timezones.values()], item.members),
  }));
}
