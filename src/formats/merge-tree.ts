/**
 * The three-way merge of component trees: each component's properties slot by slot
 * (`property-slots.ts`), its nested components by what identifies them, recursively where they
 * are items of their own.
 *
 * Nested components are matched as follows: the VCALENDAR or VCARD of an item as itself; in a
 * VCALENDAR, events, to-dos and journals by UID and RECURRENCE-ID (a recurring event and each of
 * its overrides), merged property by property; VTIMEZONEs by TZID, whole; anything else (a
 * VALARM) as a unit: one per UID where it has one (RFC 9074), otherwise a set of whole alarms,
 * so an alarm added on each side leaves both and one changed on one side is changed.
 * @module
 */
import type { MergeConflict } from "../contract/index.js";
import { parseComponents, propertyValue } from "./component.js";
import type { Component } from "./component.js";
import type { ContentLine } from "./content-line.js";
import { readContentLines } from "./content-line.js";
import { foldLine } from "./fold.js";
import { type Entry, layOut, type Placed } from "./merge-layout.js";
import { mergeSet, mergeSingle } from "./merge-rules.js";
import { normalisedComponent } from "./normalise.js";
import {
  lineKey,
  lineText,
  type MergedKind,
  propertyIdentity,
  propertySlot,
  type SlotRule,
} from "./property-slots.js";

interface Versions<T> {
  readonly base: T;
  readonly a: T;
  readonly b: T;
}

export type TreeMerge = { readonly merged: Component } | { readonly conflicts: readonly MergeConflict[] };

/** Merges three parsed items (whole trees, under their nameless roots) of one kind. */
export function mergeTrees(roots: Versions<Component>, kind: MergedKind): TreeMerge {
  const merger = new TreeMerger(kind);
  const merged = merger.component(roots, "");
  return merger.conflicts.length > 0 ? { conflicts: merger.conflicts } : { merged };
}

const empty: Component = { name: "", begin: undefined, end: undefined, lines: [], children: [] };

/** How a nested component's versions combine. */
type ChildMode = "recursive" | "timezone" | "single" | "set";

interface ChildSlot {
  readonly key: string;
  readonly mode: ChildMode;
}

/** Rules whose lines say nothing about what the item is: they never make it a new revision. */
const bookkeepingRules: ReadonlySet<SlotRule> = new Set(["latest", "earliest", "bookkeeping", "sequence"]);

class TreeMerger {
  readonly conflicts: MergeConflict[] = [];

  constructor(private readonly kind: MergedKind) {}

  /** Merges one component present on both sides (`base` may be the empty component). */
  component(versions: Versions<Component>, where: string): Component {
    const { base, a, b } = versions;
    // A side that left the component as it was takes nothing from it: the other side's stands
    // whole, as that side wrote it. The root and a VCALENDAR always merge, since normalising
    // leaves out their own lines.
    if (a.name !== "" && a.name !== "VCALENDAR") {
      const [textBase, textA, textB] = [base, a, b].map(normalisedComponent);
      if (textA === textBase && textB !== textBase) return b;
      if (textB === textBase && textA !== textBase) return a;
    }
    const children = this.children(versions, where);
    const lines = this.properties(versions, where, children.merged);
    return {
      name: a.name,
      begin: a.begin,
      end: a.end ?? b.end,
      lines: layOut(lines.entries.a, lines.entries.b, lines.placed),
      children: layOut(children.entries.a, children.entries.b, children.placed),
    };
  }

  private properties(versions: Versions<Component>, where: string, children: readonly Component[]) {
    const repeated = new Set<string>();
    for (const component of [versions.base, versions.a, versions.b]) {
      const seen = new Set<string>();
      for (const line of component.lines) {
        const identity = propertyIdentity(line, this.kind);
        if (seen.has(identity)) repeated.add(identity);
        seen.add(identity);
      }
    }
    const rules = new Map<string, SlotRule>();
    const entriesOf = (component: Component): Entry<ContentLine>[] =>
      component.lines.map((line) => {
        const slot = propertySlot(line, this.kind, repeated);
        rules.set(slot.key, slot.rule);
        return { item: line, slot: slot.key, key: lineKey(line) };
      });
    const entries = { base: entriesOf(versions.base), a: entriesOf(versions.a), b: entriesOf(versions.b) };
    const placed: Placed<ContentLine>[] = [];
    const sequences: Versions<Entry<ContentLine>[]> = { base: [], a: [], b: [] };
    for (const [slot, rule] of rules) {
      const inSlot = {
        base: entries.base.filter((entry) => entry.slot === slot),
        a: entries.a.filter((entry) => entry.slot === slot),
        b: entries.b.filter((entry) => entry.slot === slot),
      };
      if (rule === "sequence") Object.assign(sequences, inSlot);
      else this.slot(inSlot, rule, placed, { where, what: slot });
    }
    // SEQUENCE counts revisions: a result that is neither side's version is a new one.
    const meaningful = (lines: readonly Entry<ContentLine>[], nested: readonly Component[]): string =>
      [
        ...lines
          .filter((entry) => !bookkeepingRules.has(rules.get(entry.slot) as SlotRule))
          .map((e) => e.key),
        ...nested.map(normalisedComponent),
      ]
        .sort()
        .join("\n");
    const merged = meaningful(
      placed.map((item) => item.at),
      children,
    );
    const isNew =
      merged !== meaningful(entries.a, versions.a.children) &&
      merged !== meaningful(entries.b, versions.b.children);
    placed.push(...sequence(sequences, isNew));
    return { entries, placed };
  }

  /** One property slot: what each version holds there becomes the result's lines, or a conflict. */
  private slot(
    inSlot: Versions<Entry<ContentLine>[]>,
    rule: Exclude<SlotRule, "sequence">,
    placed: Placed<ContentLine>[],
    conflict: { where: string; what: string },
  ): void {
    if (rule === "latest" || rule === "earliest" || rule === "bookkeeping") {
      const kept = rule === "bookkeeping" ? mergedKeys(inSlot, "single") : undefined;
      placed.push(...keep(kept ?? pickOne([...inSlot.a, ...inSlot.b], rule), inSlot));
      return;
    }
    const kept = mergedKeys(inSlot, rule);
    if (kept !== undefined) placed.push(...keep(kept, inSlot));
    else this.conflict(conflict, inSlot, (line) => [lineText(line)]);
  }

  private children(versions: Versions<Component>, where: string) {
    const parent = versions.a.name;
    const slots = new Map<string, ChildMode>();
    // An item of its own is known by its slot (its UID), whatever it says; a unit by what it says.
    const entriesOf = (component: Component): Entry<Component>[] =>
      component.children.map((child) => {
        const slot = childSlot(child, parent);
        slots.set(slot.key, slot.mode);
        const key = slot.mode === "recursive" ? slot.key : normalisedComponent(child);
        return { item: child, slot: slot.key, key };
      });
    const entries = { base: entriesOf(versions.base), a: entriesOf(versions.a), b: entriesOf(versions.b) };
    const placed: Placed<Component>[] = [];
    for (const [slot, mode] of slots) {
      const inSlot = {
        base: entries.base.filter((entry) => entry.slot === slot),
        a: entries.a.filter((entry) => entry.slot === slot),
        b: entries.b.filter((entry) => entry.slot === slot),
      };
      const once = [inSlot.base, inSlot.a, inSlot.b].every((list) => list.length <= 1);
      // Two events with one UID and RECURRENCE-ID in a version cannot be told apart: whole units.
      if (mode === "recursive" && once) this.nested(inSlot, placed, { where, what: slot });
      else this.units(inSlot, mode === "recursive" ? "set" : mode, placed, { where, what: slot });
    }
    return { entries, placed, merged: placed.map((item) => item.item) };
  }

  /** An item of its own inside the item (an event, an override): merged property by property. */
  private nested(
    inSlot: Versions<Entry<Component>[]>,
    placed: Placed<Component>[],
    conflict: { where: string; what: string },
  ): void {
    const [base, a, b] = [inSlot.base[0], inSlot.a[0], inSlot.b[0]];
    if (a !== undefined && b !== undefined) {
      const item = this.component({ base: base?.item ?? empty, a: a.item, b: b.item }, conflict.what);
      placed.push({ item, side: "a", at: a });
      return;
    }
    const only = a ?? b;
    if (only === undefined) return; // gone from both sides
    if (base === undefined) {
      placed.push({ item: only.item, side: a ? "a" : "b", at: only });
      return;
    }
    // Gone from one side: gone, unless the other side changed it meanwhile.
    if (normalisedComponent(only.item) !== normalisedComponent(base.item)) {
      this.conflict(conflict, inSlot, componentLines);
    }
  }

  /** Nested components taken whole: a VTIMEZONE, an alarm. */
  private units(
    inSlot: Versions<Entry<Component>[]>,
    mode: Exclude<ChildMode, "recursive">,
    placed: Placed<Component>[],
    conflict: { where: string; what: string },
  ): void {
    const merged = mergedKeys(inSlot, mode === "set" ? "set" : "single", unitKey);
    if (merged !== undefined) {
      placed.push(...keep(merged, inSlot, unitKey));
    } else if (mode === "timezone") {
      // Two rewrites of one TZID's definition say the same rules in their producers' words: one
      // of them is as good as the other, chosen alike whichever side is which.
      const first = [...inSlot.a, ...inSlot.b].map(unitKey).sort()[0] as string;
      placed.push(...keep([first], inSlot, unitKey));
    } else {
      this.conflict(conflict, inSlot, componentLines);
    }
  }

  private conflict<T>(
    { where, what }: { where: string; what: string },
    inSlot: Versions<Entry<T>[]>,
    linesOf: (item: T) => string[],
  ): void {
    const lines = (list: Entry<T>[]) => list.flatMap((entry) => linesOf(entry.item));
    this.conflicts.push({
      component: where,
      property: what,
      base: lines(inSlot.base),
      a: lines(inSlot.a),
      b: lines(inSlot.b),
    });
  }
}

/** The keys a slot's result holds, by the rule for one value or for a set; undefined for a clash. */
function mergedKeys<T>(
  inSlot: Versions<Entry<T>[]>,
  rule: "single" | "set",
  keyOf: (entry: Entry<T>) => string = (entry) => entry.key,
): Iterable<string> | undefined {
  const [base, a, b] = [inSlot.base.map(keyOf), inSlot.a.map(keyOf), inSlot.b.map(keyOf)];
  return rule === "set" ? mergeSet(base, a, b) : mergeSingle(base, a, b);
}

/**
 * The entries of a slot with the given keys, each once (a slot merged as a set holds a value
 * once, whichever side held it twice): a's where a has them, b's for the others.
 */
function keep<T>(
  kept: Iterable<string>,
  inSlot: Pick<Versions<Entry<T>[]>, "a" | "b">,
  keyOf: (entry: Entry<T>) => string = (entry) => entry.key,
): Placed<T>[] {
  const wanted = new Set(kept);
  const placed: Placed<T>[] = [];
  for (const side of ["a", "b"] as const) {
    for (const entry of inSlot[side]) {
      if (wanted.delete(keyOf(entry))) placed.push({ item: entry.item, side, at: entry });
    }
  }
  return placed;
}

/** The time stamp to keep: the later (or earlier) of both sides', the same whichever side is which. */
function pickOne(
  entries: readonly Entry<ContentLine>[],
  rule: "latest" | "earliest" | "bookkeeping",
): string[] {
  const digits = (entry: Entry<ContentLine>) =>
    entry.key.slice(entry.key.indexOf(":") + 1).replace(/\D/g, "");
  const ordered = [...entries].sort((x, y) => compare(digits(x), digits(y)) || compare(x.key, y.key));
  const chosen = rule === "earliest" ? ordered[0] : ordered[ordered.length - 1];
  return chosen === undefined ? [] : [chosen.key];
}

/**
 * The SEQUENCE of a merged component: the larger of both sides', plus one when the result is a
 * revision neither side has. Written only where a side has one.
 */
function sequence(inSlot: Versions<Entry<ContentLine>[]>, isNew: boolean): Placed<ContentLine>[] {
  const valueOf = (list: readonly Entry<ContentLine>[]) =>
    list.reduce<number | undefined>((max, entry) => {
      const value = Number.parseInt(entry.key.slice(entry.key.indexOf(":") + 1), 10);
      return Number.isNaN(value) ? max : Math.max(max ?? 0, value);
    }, undefined);
  const [valueA, valueB] = [valueOf(inSlot.a), valueOf(inSlot.b)];
  if (valueA === undefined && valueB === undefined) return [];
  const value = Math.max(valueA ?? 0, valueB ?? 0) + (isNew ? 1 : 0);
  for (const side of ["a", "b"] as const) {
    const written = inSlot[side].find((entry) => valueOf([entry]) === value);
    if (written) return [{ item: written.item, side, at: written }];
  }
  const at = inSlot.a[0] ?? (inSlot.b[0] as Entry<ContentLine>);
  const text = `SEQUENCE:${value}`;
  const item: ContentLine = { name: "SEQUENCE", tail: `:${value}`, physical: foldLine(text).split("\r\n") };
  return [{ item, side: inSlot.a[0] ? "a" : "b", at }];
}

function childSlot(child: Component, parent: string): ChildSlot {
  const uid = propertyValue(child, "UID");
  if (parent === "") return { key: identified(child.name, uid), mode: "recursive" };
  if (parent === "VCALENDAR") {
    if (child.name === "VTIMEZONE")
      return { key: identified("VTIMEZONE", propertyValue(child, "TZID")), mode: "timezone" };
    if (uid !== undefined) {
      const recurrence = child.lines.find((line) => line.name === "RECURRENCE-ID");
      const key = identified(child.name, uid);
      return { key: recurrence ? `${key} (${lineKey(recurrence)})` : key, mode: "recursive" };
    }
  }
  return uid === undefined
    ? { key: child.name, mode: "set" }
    : { key: identified(child.name, uid), mode: "single" };
}

const identified = (name: string, id: string | undefined): string => (id ? `${name} ${id}` : name);

/** What a unit says, however written: its normalised text. */
const unitKey = (entry: Entry<Component>): string => normalisedComponent(entry.item);

/** A component as the content lines a person reads, unfolded. */
function componentLines(component: Component): string[] {
  return [
    ...(component.begin ? [lineText(component.begin)] : []),
    ...component.lines.map(lineText),
    ...component.children.flatMap(componentLines),
    ...(component.end ? [lineText(component.end)] : []),
  ];
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Parses an item's text into its tree. */
export function parseItem(text: string): Component {
  return parseComponents(readContentLines(text));
}
