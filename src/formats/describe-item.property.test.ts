import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalisedHash } from "./describe-item.js";
import { trimTrailingBlanks } from "./content-line.js";
import { utf8 } from "./testing/fixtures.js";

/** A component before it is written: logical lines and children. */
interface Node {
  readonly name: string;
  readonly lines: readonly string[];
  readonly children: readonly Node[];
}

interface Event {
  readonly uid: string;
  readonly summary: string;
  readonly description: string;
  readonly overrides: readonly string[];
}

/** Any text a value may hold: every code point but the line breaks. */
const value = fc.string({ unit: "binary", maxLength: 120 }).map((text) => text.replace(/[\r\n]/g, ""));

const event: fc.Arbitrary<Event> = fc.record({
  uid: fc.stringMatching(/^[A-Za-z0-9@.-]{1,40}$/),
  summary: value,
  description: value,
  overrides: fc.array(value, { maxLength: 3 }),
});

const timezone = (tzid: string, offset: string): Node => ({
  name: "VTIMEZONE",
  lines: [`TZID:${tzid}`],
  children: [{ name: "STANDARD", lines: ["DTSTART:19701025T030000", `TZOFFSETTO:${offset}`], children: [] }],
});

/** A recurring event with its overrides and two VTIMEZONEs, as one calendar item. */
function calendar({ uid, summary, description, overrides }: Event): Node {
  const master: Node = {
    name: "VEVENT",
    lines: [
      `UID:${uid}`,
      "DTSTAMP:20240101T000000Z",
      "DTSTART;TZID=Europe/Berlin:20240108T100000",
      "RRULE:FREQ=WEEKLY",
      `SUMMARY:${summary}`,
      `DESCRIPTION;LANGUAGE=en:${description}`,
    ],
    children: [{ name: "VALARM", lines: ["ACTION:DISPLAY", "TRIGGER:-PT10M"], children: [] }],
  };
  const exceptions = overrides.map((override, i): Node => ({
    name: "VEVENT",
    lines: [`UID:${uid}`, `RECURRENCE-ID;TZID=America/New_York:2024011${i}T100000`, `SUMMARY:${override}`],
    children: [],
  }));
  return {
    name: "VCALENDAR",
    lines: ["VERSION:2.0", "PRODID:-//concord tests//EN"],
    children: [
      timezone("Europe/Berlin", "+0100"),
      timezone("America/New_York", "-0500"),
      master,
      ...exceptions,
    ],
  };
}

/** Writes the tree plainly: LF line endings, no folding, nothing added. */
function writePlain(node: Node): string {
  return [`BEGIN:${node.name}`, ...node.lines, ...node.children.map(writePlain), `END:${node.name}`]
    .join("\n")
    .concat(node.name === "VCALENDAR" ? "\n" : "");
}

const noiseNames = ["PRODID", "DTSTAMP", "LAST-MODIFIED", "CREATED", "REV", "METHOD", "X-RADICALE-NAME"];

/**
 * Writes the tree as a careless server might: bookkeeping properties dropped, changed or added,
 * names in any case, trailing blanks, calendar members reordered, components before properties,
 * then refolded at random, with blank lines and a random mix of line endings.
 */
function writeNoisy(root: Node, g: fc.GeneratorValue): string {
  const logical: string[] = [];
  // One random number per line picks the case of each letter: names are ASCII.
  const anyCase = (text: string) => {
    const bits = g(fc.nat);
    return [...text].map((c, i) => ((bits >> (i % 31)) & 1 ? c.toLowerCase() : c.toUpperCase())).join("");
  };
  const visit = (node: Node): void => {
    logical.push(anyCase(`BEGIN:${node.name}`));
    const children =
      node.name === "VCALENDAR"
        ? g(fc.shuffledSubarray, [...node.children], { minLength: node.children.length })
        : node.children;
    const childrenFirst = g(fc.boolean);
    if (childrenFirst) children.forEach(visit);
    for (const line of node.lines) {
      const nameEnd = line.search(/[;:]/);
      const name = line.slice(0, nameEnd);
      for (const noise of g(fc.subarray, noiseNames, { maxLength: 2 }))
        logical.push(`${noise}:${g(() => value)}`);
      if (noiseNames.includes(name) && g(fc.boolean)) continue;
      const blanks = g(fc.constantFrom, "", " ", "\t", " \t ");
      logical.push(`${anyCase(name)}${line.slice(nameEnd)}${blanks}`);
    }
    if (!childrenFirst) children.forEach(visit);
    logical.push(anyCase(`END:${node.name}`));
  };
  visit(root);
  let text = "";
  for (const line of logical) {
    for (const physical of refold(line, g)) {
      text += physical + g(fc.constantFrom, "\r\n", "\n", "\r");
      if (g(fc.boolean)) text += g(fc.constantFrom, "\r\n", "\n\n", "\r");
    }
  }
  return text;
}

/** Splits a line at random code point positions into a first line and continuations. */
function refold(line: string, g: fc.GeneratorValue): string[] {
  const characters = [...line];
  const cuts = g(() => fc.uniqueArray(fc.integer({ min: 1, max: characters.length }), { maxLength: 4 }));
  cuts.sort((x, y) => x - y);
  const physical: string[] = [];
  let start = 0;
  for (const cut of [...cuts, characters.length]) {
    const segment = characters.slice(start, cut).join("");
    physical.push(start === 0 ? segment : g(fc.constantFrom, " ", "\t") + segment);
    start = cut;
  }
  return physical;
}

// Shrinking hundreds of generator draws takes minutes; an unshrunk counterexample is readable enough.
const runs = { numRuns: 200, endOnFailure: true };

const hashOf = (text: string) => normalisedHash(utf8(text));

describe("normalisedHash, property-based", () => {
  it("never changes for folding, line endings, case, blanks, order of members and bookkeeping", () => {
    fc.assert(
      fc.property(event, fc.gen(), (item, g) => {
        const tree = calendar(item);
        expect(hashOf(writeNoisy(tree, g))).toBe(hashOf(writePlain(tree)));
      }),
      runs,
    );
  });

  it("always changes when a SUMMARY does", () => {
    fc.assert(
      fc.property(event, value, fc.gen(), (item, summary, g) => {
        fc.pre(trimTrailingBlanks(summary) !== trimTrailingBlanks(item.summary));
        const edited = calendar({ ...item, summary });
        expect(hashOf(writeNoisy(edited, g))).not.toBe(hashOf(writeNoisy(calendar(item), g)));
      }),
      runs,
    );
  });
});
