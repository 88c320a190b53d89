/**
 * Splitting a collection file (a single-file .ics or .vcf storage, a WebCal feed) into items.
 *
 * An iCalendar file becomes one standalone VCALENDAR per UID, holding the file's calendar-level
 * properties, every component with that UID (a recurring event stays with its overrides) and only
 * the VTIMEZONEs those components use. Each component keeps the physical lines it was read with, so
 * splitting changes no value.
 * @module
 */
import { calendarContents, timezonesUsedBy, writeCalendar } from "./calendar.js";
import { parseComponents, physicalLines } from "./component.js";
import type { Component } from "./component.js";
import { readContentLines } from "./content-line.js";
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
  return { kind, items: kind === "icalendar" ? splitCalendar(root) : splitComponents(root) };
}

function splitComponents(root: Component): SplitItem[] {
  return root.children.map((component) => ({
    uid: uidOf(component),
    text: writeLines(physicalLines([component])),
  }));
}

function splitCalendar(root: Component): SplitItem[] {
  const { header, timezones, members } = calendarContents([root]);
  return groupByUid(members).map((group) => ({
    uid: group.uid,
    text: writeCalendar(header, timezonesUsedBy(group.members, timezones), group.members),
  }));
}

interface UidGroup {
  readonly uid: string | undefined;
  readonly members: Component[];
}

/**
 * Groups the members by UID, in order of first appearance, across all calendars of the file: two
 * items with one UID could not be told apart by sync. A member without UID is a group of its own.
 */
function groupByUid(members: readonly Component[]): UidGroup[] {
  const groups: UidGroup[] = [];
  const groupsByUid = new Map<string, UidGroup>();
  for (const member of members) {
    const uid = uidOf(member);
    const existing = uid === undefined ? undefined : groupsByUid.get(uid);
    if (existing !== undefined) {
      existing.members.push(member);
      continue;
    }
    const group: UidGroup = { uid, members: [member] };
    groups.push(group);
    if (uid !== undefined) groupsByUid.set(uid, group);
  }
  return groups;
}
