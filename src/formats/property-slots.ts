/**
 * Property identity for merging: which lines of two versions are "the same property", and by
 * which rule its versions combine. A phone's new number and a laptop's new e-mail address are
 * different properties; the same SUMMARY edited twice is one.
 *
 * - vCard TEL, EMAIL, ADR, IMPP, URL… are sets, one per name and TYPE (PREF aside: marking a
 *   number preferred changes that number, not its kind), so the numbers of one kind merge as a
 *   set; Apple's `item1.` groups are part of the name;
 * - iCalendar ATTENDEE is one property per calendar address; ATTACH, CATEGORIES, EXDATE… are sets;
 * - what records when and by what an item was written (DTSTAMP, LAST-MODIFIED, REV, PRODID) never
 *   conflicts, and SEQUENCE is the merge's own (`merge-tree.ts`);
 * - every other property, unknown and X- ones included, holds one value; one found more than once
 *   in any version is a set.
 * @module
 */
import { parseContentLine, trimTrailingBlanks, withUpperCaseParameterNames } from "./content-line.js";
import type { ContentLine } from "./content-line.js";

/**
 * How a slot's versions combine:
 * - `single`, `set`: see `merge-rules.ts`;
 * - `latest`, `earliest`: a time stamp, the later (earlier) of both sides';
 * - `bookkeeping`: what wrote the item; either side's, never a conflict;
 * - `sequence`: iCalendar's revision number, settled with the whole component.
 */
export type SlotRule = "single" | "set" | "latest" | "earliest" | "bookkeeping" | "sequence";

export interface PropertySlot {
  /** The identity of the property within its component; also how a conflict names it. */
  readonly key: string;
  readonly rule: SlotRule;
}

export type MergedKind = "icalendar" | "vcard";

/** vCard properties of which a contact has several, told apart by their TYPE. */
const typedSets: ReadonlySet<string> = new Set([
  "TEL",
  "EMAIL",
  "ADR",
  "LABEL",
  "IMPP",
  "URL",
  "KEY",
  "RELATED",
  "LANG",
  "CALURI",
  "CALADRURI",
  "FBURL",
  "X-SOCIALPROFILE",
  "X-ABDATE",
  "X-ABRELATEDNAMES",
  "X-AIM",
  "X-ICQ",
  "X-JABBER",
  "X-MSN",
  "X-YAHOO",
  "X-SKYPE",
  "X-GOOGLE-TALK",
  "X-GADUGADU",
  "X-QQ",
]);

/** Properties that hold a set of values, whatever their parameters. */
const sets: Readonly<Record<MergedKind, ReadonlySet<string>>> = {
  vcard: new Set(["MEMBER", "CATEGORIES", "CLIENTPIDMAP", "SOURCE"]),
  icalendar: new Set([
    "ATTACH",
    "CATEGORIES",
    "COMMENT",
    "CONTACT",
    "EXDATE",
    "RDATE",
    "RELATED-TO",
    "RESOURCES",
    "REQUEST-STATUS",
    "IMAGE",
    "CONFERENCE",
  ]),
};

const timeStamps: Readonly<Record<string, SlotRule>> = {
  DTSTAMP: "latest",
  "LAST-MODIFIED": "latest",
  REV: "latest",
  CREATED: "earliest",
};

const bookkeeping: ReadonlySet<string> = new Set(["PRODID", "METHOD", "X-RADICALE-NAME"]);

/** What identifies a line as a property, before its rule is known. */
export function propertyIdentity(line: ContentLine, kind: MergedKind): string {
  const bare = bareName(line.name);
  if (kind === "vcard" && typedSets.has(bare)) {
    const types = typesOf(line);
    return types.length > 0 ? `${line.name};TYPE=${types.join(",")}` : line.name;
  }
  if (kind === "icalendar" && (bare === "ATTENDEE" || bare === "ORGANIZER")) {
    // One property per person: their calendar address, compared as mail addresses are.
    return `${line.name} ${parseContentLine(line).value.trim().toLowerCase()}`;
  }
  return line.name;
}

/** The slot of a line; `repeated` holds the identities that occur more than once in some version. */
export function propertySlot(
  line: ContentLine,
  kind: MergedKind,
  repeated: ReadonlySet<string>,
): PropertySlot {
  const key = propertyIdentity(line, kind);
  const bare = bareName(line.name);
  const stamp = timeStamps[bare];
  if (stamp !== undefined) return { key, rule: stamp };
  if (bookkeeping.has(bare)) return { key, rule: "bookkeeping" };
  if (kind === "icalendar" && bare === "SEQUENCE") return { key, rule: "sequence" };
  const isSet = typedSets.has(bare) || sets[kind].has(bare) || repeated.has(key);
  return { key, rule: isSet ? "set" : "single" };
}

/** What tells two lines apart as values: the line as normalising reads it (`normalise.ts`). */
export function lineKey(line: ContentLine): string {
  return `${line.name}${withUpperCaseParameterNames(trimTrailingBlanks(line.tail))}`;
}

/** The line as a person reads it, unfolded: for conflicts. */
export const lineText = (line: ContentLine): string => `${line.name}${line.tail}`;

/** The name without its vCard group (`ITEM1.TEL` is a TEL). */
function bareName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

/**
 * The kinds a typed property says it is, sorted, upper-cased: `TYPE=work,voice`, `TYPE=WORK;
 * TYPE=VOICE` and vCard 2.1's bare `;WORK;VOICE` alike. PREF says which is preferred, not what
 * it is, and is left out.
 */
function typesOf(line: ContentLine): string[] {
  const types = new Set<string>();
  for (const { name, value } of parseContentLine(line).parameters) {
    const values = name === "TYPE" ? value.split(",") : value === "" ? [name] : [];
    for (const type of values) {
      const upper = type.trim().toUpperCase();
      if (upper !== "" && upper !== "PREF") types.add(upper);
    }
  }
  return [...types].sort();
}
