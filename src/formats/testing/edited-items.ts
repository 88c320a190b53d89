/**
 * Contacts and events for the merge's property tests: generated as trees, edited the way a phone
 * or a laptop would (a property set or removed, a number added, an alarm changed, an override
 * added), written as their producers fold them, and checked for what makes them valid.
 * @module
 */
import fc from "fast-check";
import type { Component } from "../component.js";
import { foldLine } from "../fold.js";
import { kindOf } from "../identity.js";
import { parseItem } from "../merge-tree.js";

/** A component before it is written: logical lines and nested components. */
export interface Node {
  readonly name: string;
  readonly lines: readonly string[];
  readonly children: readonly Node[];
}

/** An edit of an item: what one side did to it. */
export type Edit = (item: Node) => Node;

/** A value a property may hold: any text without line breaks, long enough at times to be folded. */
const text = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 90 })
  .map((value) => value.replace(/[\r\n]/g, " ").trim())
  .filter((value) => value !== "");
const token = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const stamp = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
  .map((date) => `${date.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`);
const phoneType = fc.constantFrom("CELL", "HOME", "WORK");

export const contact: fc.Arbitrary<Node> = fc
  .record({
    uid: token,
    fn: text,
    phones: fc.array(fc.tuple(phoneType, fc.stringMatching(/^\+1 555 0[0-9]{3}$/)), { maxLength: 3 }),
    emails: fc.array(token, { maxLength: 2 }),
    note: fc.option(text, { nil: undefined }),
    rev: stamp,
  })
  .map(({ uid, fn, phones, emails, note, rev }) => ({
    name: "VCARD",
    lines: [
      "VERSION:3.0",
      `UID:${uid}`,
      `FN:${fn}`,
      `N:${fn};;;;`,
      ...phones.map(([type, number]) => `TEL;TYPE=${type}:${number}`),
      ...emails.map((address) => `EMAIL;TYPE=INTERNET:${address}@example.com`),
      ...(note === undefined ? [] : [`NOTE:${note}`]),
      `REV:${rev}`,
    ],
    children: [],
  }));

const alarm = (minutes: number): Node => ({
  name: "VALARM",
  lines: ["ACTION:DISPLAY", "DESCRIPTION:Reminder", `TRIGGER:-PT${minutes}M`],
  children: [],
});

export const event: fc.Arbitrary<Node> = fc
  .record({
    uid: token,
    summary: text,
    location: fc.option(text, { nil: undefined }),
    sequence: fc.nat(5),
    attendees: fc.uniqueArray(token, { maxLength: 3 }),
    alarms: fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { maxLength: 2 }),
    overrides: fc.uniqueArray(fc.integer({ min: 1, max: 28 }), { maxLength: 2 }),
    stamp,
  })
  .map(({ uid, summary, location, sequence, attendees, alarms, overrides, stamp }) => ({
    name: "VCALENDAR",
    lines: ["VERSION:2.0", "PRODID:-//concord tests//EN"],
    children: [
      {
        name: "VEVENT",
        lines: [
          `UID:${uid}`,
          `DTSTAMP:${stamp}`,
          "DTSTART:20240101T090000Z",
          "RRULE:FREQ=DAILY",
          `SUMMARY:${summary}`,
          ...(location === undefined ? [] : [`LOCATION:${location}`]),
          `SEQUENCE:${sequence}`,
          ...attendees.map((who) => `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${who}@example.com`),
        ],
        children: alarms.map(alarm),
      },
      ...overrides.map((day) => override(uid, day, summary)),
    ],
  }));

function override(uid: string, day: number, summary: string): Node {
  const date = `202401${String(day).padStart(2, "0")}`;
  return {
    name: "VEVENT",
    lines: [`UID:${uid}`, `RECURRENCE-ID:${date}T090000Z`, `DTSTART:${date}T100000Z`, `SUMMARY:${summary}`],
    children: [],
  };
}

/** The item as its producer writes it: CRLF, folded at 75 octets. */
export function write(node: Node): string {
  const lines: string[] = [];
  const visit = (component: Node) => {
    lines.push(`BEGIN:${component.name}`, ...component.lines.map(foldLine));
    component.children.forEach(visit);
    lines.push(`END:${component.name}`);
  };
  visit(node);
  return lines.map((line) => `${line}\r\n`).join("");
}

/**
 * The properties and nested components one side may edit, by name: the two sides of a test
 * that must merge cleanly edit disjoint sets of them.
 */
export interface EditScope {
  /** Properties holding one value, set or removed. */
  readonly single: readonly string[];
  /** Typed multi-valued properties added, changed or removed: `TEL;TYPE=CELL`. */
  readonly multi: readonly string[];
  /** Whether alarms (events) and overrides (recurring events) are added, changed or removed. */
  readonly alarms: boolean;
  readonly overrides: boolean;
}

export const everything: EditScope = {
  single: ["FN", "NOTE", "ORG", "X-CUSTOM", "SUMMARY", "LOCATION", "DESCRIPTION"],
  multi: [
    "TEL;TYPE=CELL",
    "TEL;TYPE=HOME",
    "EMAIL;TYPE=INTERNET",
    "ATTENDEE;PARTSTAT=ACCEPTED",
    "CATEGORIES",
  ],
  alarms: true,
  overrides: true,
};

/** Edits within the scope, at least one, and the bookkeeping a client adds to any edit. */
export function edits(scope: EditScope): fc.Arbitrary<Edit[]> {
  const single =
    scope.single.length > 0
      ? [
          fc
            .tuple(fc.constantFrom(...scope.single), fc.option(text))
            .map(([name, value]) => setSingle(name, value)),
        ]
      : [];
  const multi =
    scope.multi.length > 0
      ? [
          fc
            .tuple(fc.constantFrom(...scope.multi), token, fc.nat())
            .map(([name, value, at]) => addMulti(name, value, at)),
          fc
            .tuple(fc.constantFrom(...scope.multi), fc.nat(), fc.option(token))
            .map(([name, which, value]) => changeMulti(name, which, value)),
        ]
      : [];
  const alarms = scope.alarms
    ? [
        fc
          .tuple(fc.nat(), fc.option(fc.integer({ min: 1, max: 120 })))
          .map(([which, minutes]) => editAlarm(which, minutes)),
      ]
    : [];
  const overrides = scope.overrides
    ? [
        fc
          .tuple(fc.integer({ min: 1, max: 28 }), fc.option(text))
          .map(([day, summary]) => editOverride(day, summary)),
      ]
    : [];
  const bookkeeping = fc.tuple(stamp, fc.boolean()).map(([at, bump]) => touch(at, bump));
  return fc
    .tuple(
      fc.array(fc.oneof(...single, ...multi, ...alarms, ...overrides), { minLength: 1, maxLength: 4 }),
      bookkeeping,
    )
    .map(([changes, bookkept]) => [...changes, bookkept]);
}

export const applyEdits = (item: Node, list: readonly Edit[]): Node =>
  list.reduce((node, edit) => edit(node), item);

/** The component an edit applies to: the VCARD, or the master VEVENT. */
function onMain(item: Node, change: (main: Node) => Node): Node {
  if (item.name === "VCARD") return change(item);
  const index = item.children.findIndex((child) => child.name === "VEVENT");
  const main = item.children[index];
  if (main === undefined) return item;
  return { ...item, children: item.children.map((child, i) => (i === index ? change(main) : child)) };
}

const nameOf = (line: string): string => line.slice(0, line.search(/[;:]/));
const prefixOf = (line: string): string => line.slice(0, line.indexOf(":"));

/** Sets a property to a value (in place, or at the end) or removes it (null). */
function setSingle(name: string, value: string | null): Edit {
  return (item) =>
    onMain(item, (main) => {
      const kept = main.lines.filter((line) => nameOf(line) !== name);
      // A contact without a name would be invalid, and the tests start from valid items.
      if (value === null) return name === "FN" ? main : { ...main, lines: kept };
      const at = main.lines.findIndex((line) => nameOf(line) === name);
      const lines = [...kept];
      lines.splice(at < 0 ? lines.length : at, 0, `${name}:${value}`);
      return { ...main, lines };
    });
}

function addMulti(prefix: string, value: string, at: number): Edit {
  return (item) =>
    onMain(item, (main) => {
      const line = `${prefix}:${multiValue(prefix, value)}`;
      if (main.lines.includes(line)) return main;
      const lines = [...main.lines];
      // After UID, so a vCard's VERSION stays first.
      lines.splice(2 + (at % Math.max(1, lines.length - 1)), 0, line);
      return { ...main, lines };
    });
}

/** Changes (or with null removes) one of the values a typed property has. */
function changeMulti(prefix: string, which: number, value: string | null): Edit {
  return (item) =>
    onMain(item, (main) => {
      const matching = main.lines.filter((line) => prefixOf(line) === prefix);
      const target = matching[which % Math.max(1, matching.length)];
      if (target === undefined) return main;
      const replacement = value === null ? [] : [`${prefix}:${multiValue(prefix, value)}`];
      const lines = main.lines.flatMap((line) => (line === target ? replacement : [line]));
      return { ...main, lines: [...new Set(lines)] };
    });
}

function multiValue(prefix: string, value: string): string {
  if (prefix.startsWith("ATTENDEE")) return `mailto:${value}@example.com`;
  if (prefix.startsWith("EMAIL")) return `${value}@example.com`;
  return value;
}

/** Adds an alarm, or changes (removes with null) an existing one. */
function editAlarm(which: number, minutes: number | null): Edit {
  return (item) =>
    onMain(item, (main) => {
      if (item.name === "VCARD") return main;
      const alarms = main.children.filter((child) => child.name === "VALARM");
      const target = alarms[which % Math.max(1, alarms.length + 1)];
      if (target === undefined) {
        return minutes === null ? main : { ...main, children: [...main.children, alarm(minutes)] };
      }
      const children = main.children.flatMap((child) =>
        child !== target ? [child] : minutes === null ? [] : [alarm(minutes)],
      );
      return { ...main, children: uniqueAlarms(children) };
    });
}

function uniqueAlarms(children: readonly Node[]): Node[] {
  const seen = new Set<string>();
  return children.filter((child) => {
    const key = child.lines.join("\n");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Adds an override of that day, or changes (removes with null) its SUMMARY. */
function editOverride(day: number, summary: string | null): Edit {
  return (item) => {
    if (item.name !== "VCALENDAR") return item;
    const main = item.children.find((child) => child.name === "VEVENT");
    const uid = main?.lines.find((line) => line.startsWith("UID:"))?.slice(4) ?? "";
    const date = `202401${String(day).padStart(2, "0")}T090000Z`;
    const existing = item.children.find((child) => child.lines.includes(`RECURRENCE-ID:${date}`));
    if (existing === undefined)
      return { ...item, children: [...item.children, override(uid, day, summary ?? "moved")] };
    const edited: Node = {
      ...existing,
      lines:
        summary === null
          ? existing.lines.filter((line) => nameOf(line) !== "SUMMARY")
          : existing.lines.map((line) => (nameOf(line) === "SUMMARY" ? `SUMMARY:${summary}` : line)),
    };
    return { ...item, children: item.children.map((child) => (child === existing ? edited : child)) };
  };
}

/** What a client stamps on every edit: a new DTSTAMP or REV, and perhaps one more SEQUENCE. */
function touch(at: string, bumpSequence: boolean): Edit {
  return (item) =>
    onMain(item, (main) => ({
      ...main,
      lines: main.lines.map((line) => {
        if (line.startsWith("REV:") || line.startsWith("DTSTAMP:")) return `${nameOf(line)}:${at}`;
        if (bumpSequence && line.startsWith("SEQUENCE:")) return `SEQUENCE:${Number(line.slice(9)) + 1}`;
        return line;
      }),
    }));
}

/** Properties a component holds at most once, and those it must hold. */
const atMostOnce = new Set([
  "VERSION",
  "UID",
  "FN",
  "N",
  "REV",
  "NOTE",
  "ORG",
  "SUMMARY",
  "DTSTART",
  "DTEND",
  "DTSTAMP",
  "SEQUENCE",
  "LOCATION",
  "DESCRIPTION",
  "RECURRENCE-ID",
  "RRULE",
  "ACTION",
  "TRIGGER",
  "PRODID",
]);
const required: Readonly<Record<string, readonly string[]>> = {
  VCARD: ["VERSION", "UID", "FN"],
  VCALENDAR: ["VERSION", "PRODID"],
  VEVENT: ["UID", "DTSTART"],
  VALARM: ["ACTION", "TRIGGER"],
};

/** What makes the text an invalid iCalendar or vCard item, by the rules the generated items keep; none when valid. */
export function problemsOf(text: string): string[] {
  const root = parseItem(text);
  const problems: string[] = [];
  if (kindOf(root) === "unknown") problems.push("neither iCalendar nor vCard");
  if (root.lines.length > 0) problems.push("lines outside any component");
  const visit = (component: Component) => {
    if (component.end === undefined) problems.push(`${component.name} without END`);
    const names = component.lines.map((line) => line.name);
    for (const name of new Set(names)) {
      if (atMostOnce.has(name) && names.indexOf(name) !== names.lastIndexOf(name))
        problems.push(`${component.name} has ${name} twice`);
    }
    for (const name of required[component.name] ?? []) {
      if (!names.includes(name)) problems.push(`${component.name} has no ${name}`);
    }
    for (const line of component.lines) {
      if (line.name === "" || !line.tail.includes(":"))
        problems.push(`not a property: ${line.name}${line.tail}`);
    }
    component.children.forEach(visit);
  };
  root.children.forEach(visit);
  const overrides = root.children
    .flatMap((calendar) => calendar.children)
    .flatMap((child) => child.lines.filter((line) => line.name === "RECURRENCE-ID").map((line) => line.tail));
  if (new Set(overrides).size !== overrides.length) problems.push("two overrides of one occurrence");
  return problems;
}

/**
 * The item as a set of facts: each property line of each event or contact (known by its UID and
 * RECURRENCE-ID), each alarm whole. What an edit added or removed is a difference of these sets.
 * Bookkeeping (DTSTAMP, REV, SEQUENCE, PRODID) is left out unless asked for: the merge settles it
 * by rules of its own.
 */
export function facts(text: string, { bookkeeping = false } = {}): Set<string> {
  const found = new Set<string>();
  const visit = (component: Component, where: string) => {
    const recurrence = component.lines.find((line) => line.name === "RECURRENCE-ID")?.tail ?? "";
    const here = `${where}/${component.name}${recurrence}`;
    for (const line of component.lines) {
      if (bookkeeping || !["DTSTAMP", "REV", "SEQUENCE", "PRODID"].includes(line.name))
        found.add(`${here}|${line.name}${line.tail}`);
    }
    for (const child of component.children) {
      if (child.name === "VALARM")
        found.add(`${here}|VALARM ${child.lines.map((line) => line.name + line.tail).join(" ")}`);
      else visit(child, here);
    }
  };
  parseItem(text).children.forEach((child) => visit(child, ""));
  return found;
}
