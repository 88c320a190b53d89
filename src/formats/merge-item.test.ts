import { describe, expect, it } from "vitest";
import type { ContentMerge, MergeConflict } from "../contract/index.js";
import { mergeItem } from "./merge-item.js";
import { crlf, utf8 } from "./testing/fixtures.js";

/** Merges texts written with LF; the versions travel with CRLF, as servers send them. */
function merge(base: string, a: string, b: string): ContentMerge {
  return mergeItem(utf8(crlf(base)), utf8(crlf(a)), utf8(crlf(b)));
}

/** The merged text, with LF again; fails the test when the merge did not succeed. */
function merged(base: string, a: string, b: string): string {
  const result = merge(base, a, b);
  if (result.kind !== "merged") throw new Error(`not merged: ${JSON.stringify(result)}`);
  return new TextDecoder().decode(result.content).replaceAll("\r\n", "\n");
}

function conflicts(base: string, a: string, b: string): readonly MergeConflict[] {
  const result = merge(base, a, b);
  if (result.kind !== "conflicting") throw new Error(`not a conflict: ${JSON.stringify(result)}`);
  return result.conflicts;
}

const card = `BEGIN:VCARD
VERSION:3.0
UID:jane
FN:Jane Doe
N:Doe;Jane;;;
TEL;TYPE=CELL:+1 555 0100
REV:20240101T000000Z
END:VCARD
`;

const event = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//EN
BEGIN:VEVENT
UID:meeting
DTSTAMP:20240101T000000Z
DTSTART:20240115T090000Z
DTEND:20240115T100000Z
SUMMARY:Planning
SEQUENCE:0
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT10M
END:VALARM
END:VEVENT
END:VCALENDAR
`;

describe("merging contacts", () => {
  it("takes a new number from one side and a new e-mail address from the other, in a's order", () => {
    const a = card.replace(
      "TEL;TYPE=CELL:+1 555 0100\n",
      "TEL;TYPE=CELL:+1 555 0100\nTEL;TYPE=HOME:+1 555 0111\n",
    );
    const b = card.replace("N:Doe;Jane;;;\n", "N:Doe;Jane;;;\nEMAIL;TYPE=INTERNET:jane@example.com\n");
    expect(merged(card, a, b)).toBe(`BEGIN:VCARD
VERSION:3.0
UID:jane
FN:Jane Doe
N:Doe;Jane;;;
EMAIL;TYPE=INTERNET:jane@example.com
TEL;TYPE=CELL:+1 555 0100
TEL;TYPE=HOME:+1 555 0111
REV:20240101T000000Z
END:VCARD
`);
  });

  it("keeps the later REV, never a conflict", () => {
    const a = card
      .replace("FN:Jane Doe", "FN:Jane D.")
      .replace("REV:20240101T000000Z", "REV:20240103T000000Z");
    const b = card
      .replace("TEL;TYPE=CELL", "TEL;TYPE=WORK")
      .replace("REV:20240101T000000Z", "REV:20240102T000000Z");
    const text = merged(card, a, b);
    expect(text).toContain("REV:20240103T000000Z");
    expect(text).not.toContain("REV:20240102");
    expect(merged(card, b, a)).toContain("REV:20240103T000000Z");
  });

  it("reports the same property changed differently on both sides, with every version of it", () => {
    const a = card.replace("FN:Jane Doe", "FN:Jane D.");
    const b = card.replace("FN:Jane Doe", "FN:J. Doe");
    expect(conflicts(card, a, b)).toEqual([
      { component: "VCARD jane", property: "FN", base: ["FN:Jane Doe"], a: ["FN:Jane D."], b: ["FN:J. Doe"] },
    ]);
  });

  it("takes the same change made on both sides once", () => {
    const both = card.replace("FN:Jane Doe", "FN:Jane D.");
    const a = both.replace("REV:20240101T000000Z", "REV:20240102T000000Z");
    const b = both.replace(
      "TEL;TYPE=CELL:+1 555 0100\n",
      "TEL;TYPE=CELL:+1 555 0100\nNOTE:met at the fair\n",
    );
    expect(merged(card, a, b)).toBe(`BEGIN:VCARD
VERSION:3.0
UID:jane
FN:Jane D.
N:Doe;Jane;;;
TEL;TYPE=CELL:+1 555 0100
NOTE:met at the fair
REV:20240102T000000Z
END:VCARD
`);
  });

  it("reports one number of one kind changed to two different ones, and merges numbers of other kinds", () => {
    const a = card.replace("+1 555 0100", "+1 555 0199");
    const b = card.replace("+1 555 0100", "+1 555 0188");
    expect(conflicts(card, a, b).map((conflict) => conflict.property)).toEqual(["TEL;TYPE=CELL"]);
    const home = card.replace("REV:", "TEL;TYPE=HOME:+1 555 0222\nREV:");
    expect(merged(card, a, home)).toContain("TEL;TYPE=CELL:+1 555 0199\nTEL;TYPE=HOME:+1 555 0222\n");
  });

  it("reads TYPE however it is spelled and leaves PREF out of what a number is", () => {
    const base = card.replace("TEL;TYPE=CELL", "TEL;TYPE=cell,voice");
    const a = base.replace(
      "TEL;TYPE=cell,voice:+1 555 0100",
      "TEL;TYPE=CELL;TYPE=VOICE;TYPE=PREF:+1 555 0100",
    );
    const b = base.replace(
      "TEL;TYPE=cell,voice:+1 555 0100",
      "TEL;TYPE=cell,voice:+1 555 0100\nTEL;CELL;VOICE:+1 555 0101",
    );
    const text = merged(base, a, b);
    expect(text).toContain("TEL;TYPE=CELL;TYPE=VOICE;TYPE=PREF:+1 555 0100\nTEL;CELL;VOICE:+1 555 0101\n");
    expect(text).not.toContain("TEL;TYPE=cell,voice");
  });

  it("reports a property deleted on one side and changed on the other", () => {
    const a = card.replace("FN:Jane Doe\n", "");
    const b = card.replace("FN:Jane Doe", "FN:Jane D.");
    expect(conflicts(card, a, b)).toEqual([
      { component: "VCARD jane", property: "FN", base: ["FN:Jane Doe"], a: [], b: ["FN:Jane D."] },
    ]);
  });
});

describe("merging events", () => {
  it("merges a new SUMMARY with a new LOCATION and counts one more SEQUENCE than either side", () => {
    const a = event.replace("SUMMARY:Planning", "SUMMARY:Planning Q2").replace("SEQUENCE:0", "SEQUENCE:1");
    const b = event.replace("SUMMARY:Planning", "SUMMARY:Planning\nLOCATION:Room 4");
    const text = merged(event, a, b);
    expect(text).toContain("SUMMARY:Planning Q2\nLOCATION:Room 4\nSEQUENCE:2\n");
    expect(merged(event, b, a)).toContain("SEQUENCE:2");
  });

  it("keeps the larger SEQUENCE without adding one when the result is one side's version", () => {
    const a = event.replace("SUMMARY:Planning", "SUMMARY:Planning Q2").replace("SEQUENCE:0", "SEQUENCE:1");
    const b = event
      .replace("SUMMARY:Planning", "SUMMARY:Planning Q2")
      .replace("DTSTAMP:20240101T000000Z", "DTSTAMP:20240102T000000Z");
    const text = merged(event, a, b);
    expect(text).toContain("SEQUENCE:1\n");
    expect(text).toContain("DTSTAMP:20240102T000000Z");
  });

  it("reports SUMMARY changed differently on both sides", () => {
    const a = event.replace("SUMMARY:Planning", "SUMMARY:Planning Q2");
    const b = event.replace("SUMMARY:Planning", "SUMMARY:Budget");
    expect(conflicts(event, a, b)).toEqual([
      {
        component: "VEVENT meeting",
        property: "SUMMARY",
        base: ["SUMMARY:Planning"],
        a: ["SUMMARY:Planning Q2"],
        b: ["SUMMARY:Budget"],
      },
    ]);
  });

  it("merges alarms as units: one added on each side leaves both, one changed on one side is changed", () => {
    const a = event.replace("TRIGGER:-PT10M", "TRIGGER:-PT15M");
    const b = event.replace(
      "END:VALARM\n",
      "END:VALARM\nBEGIN:VALARM\nACTION:AUDIO\nTRIGGER:-PT1H\nEND:VALARM\n",
    );
    const text = merged(event, a, b);
    expect(text).toContain(
      "TRIGGER:-PT15M\nEND:VALARM\nBEGIN:VALARM\nACTION:AUDIO\nTRIGGER:-PT1H\nEND:VALARM\n",
    );
    expect(text).not.toContain("-PT10M");
  });

  it("reports one alarm changed differently on both sides", () => {
    const a = event.replace("TRIGGER:-PT10M", "TRIGGER:-PT15M");
    const b = event.replace("TRIGGER:-PT10M", "TRIGGER:-PT5M");
    expect(conflicts(event, a, b).map((conflict) => [conflict.component, conflict.property])).toEqual([
      ["VEVENT meeting", "VALARM"],
    ]);
  });

  it("merges overrides of a recurring event by RECURRENCE-ID: one new on each side", () => {
    const recurring = event.replace("SUMMARY:Planning", "SUMMARY:Planning\nRRULE:FREQ=WEEKLY");
    const override = (date: string, summary: string) =>
      `BEGIN:VEVENT\nUID:meeting\nRECURRENCE-ID:${date}T090000Z\nDTSTAMP:20240101T000000Z\nDTSTART:${date}T100000Z\nSUMMARY:${summary}\nEND:VEVENT\n`;
    const a = recurring.replace("END:VCALENDAR", `${override("20240122", "moved")}END:VCALENDAR`);
    const b = recurring.replace("END:VCALENDAR", `${override("20240129", "also moved")}END:VCALENDAR`);
    const text = merged(recurring, a, b);
    expect(text).toContain("RECURRENCE-ID:20240122T090000Z");
    expect(text).toContain("RECURRENCE-ID:20240129T090000Z");
    expect(text.indexOf("20240122T090000Z")).toBeLessThan(text.indexOf("20240129T090000Z"));
    const both = a.replace("END:VCALENDAR", `${override("20240129", "also moved")}END:VCALENDAR`);
    const changed = both.replace("SUMMARY:moved", "SUMMARY:moved again");
    expect(merged(both, changed, both.replace("SUMMARY:also moved", "SUMMARY:also moved, twice"))).toContain(
      "SUMMARY:moved again",
    );
  });

  it("reports an override deleted on one side and changed on the other", () => {
    const override = `BEGIN:VEVENT\nUID:meeting\nRECURRENCE-ID:20240122T090000Z\nSUMMARY:moved\nEND:VEVENT\n`;
    const base = event.replace("END:VCALENDAR", `${override}END:VCALENDAR`);
    const a = event;
    const b = base.replace("SUMMARY:moved", "SUMMARY:moved again");
    expect(conflicts(base, a, b)).toEqual([
      expect.objectContaining({
        component: "VCALENDAR",
        property: "VEVENT meeting (RECURRENCE-ID:20240122T090000Z)",
        a: [],
      }),
    ]);
  });

  it("keeps a VTIMEZONE both sides rewrote, the same one whichever side is which", () => {
    const zone = (name: string) =>
      `BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nBEGIN:STANDARD\nTZNAME:${name}\nDTSTART:19701025T030000\nTZOFFSETTO:+0100\nTZOFFSETFROM:+0200\nEND:STANDARD\nEND:VTIMEZONE\n`;
    const base = event.replace("BEGIN:VEVENT", `${zone("CET")}BEGIN:VEVENT`);
    const a = base.replace(zone("CET"), zone("MEZ")).replace("SUMMARY:Planning", "SUMMARY:Planning Q2");
    const b = base
      .replace(zone("CET"), zone("GMT+1"))
      .replace("DTEND:20240115T100000Z", "DTEND:20240115T110000Z");
    const one = merged(base, a, b);
    const other = merged(base, b, a);
    expect(one).toContain("TZNAME:GMT+1");
    expect(other).toContain("TZNAME:GMT+1");
    expect(one).not.toContain("TZNAME:MEZ");
  });
});

describe("what is written", () => {
  it("gives the other side byte for byte when one side is unchanged", () => {
    const b = `${card.replace("FN:Jane Doe", "fn:Jane  D.")}`;
    const result = mergeItem(utf8(crlf(card)), utf8(card), utf8(b));
    expect(result).toEqual({ kind: "merged", content: utf8(b) });
  });

  it("keeps each side's folding and a's line ends, and folds only what it writes anew", () => {
    const long = `NOTE:${"a long note that a producer folded at its own width ".repeat(3)}`;
    const foldedA = `${long.slice(0, 60)}\n ${long.slice(60)}`;
    const foldedB = `${long.slice(0, 40)}\n ${long.slice(40, 90)}\n ${long.slice(90)}`;
    const base = card;
    const a = card.replace("FN:Jane Doe", "FN:Jane D.").replace("REV:", `${foldedA}\nREV:`);
    const b = card.replace(
      "N:Doe;Jane;;;",
      `N:Doe;Jane;;;\nX-PHONETIC-FIRST-NAME:Jayn\n${foldedB.replace("NOTE", "X-NOTE")}`,
    );
    const result = mergeItem(utf8(base), utf8(a), utf8(b));
    if (result.kind !== "merged") throw new Error(JSON.stringify(result));
    const text = new TextDecoder().decode(result.content);
    expect(text).not.toContain("\r");
    expect(text).toContain(foldedA);
    expect(text).toContain(foldedB.replace("NOTE", "X-NOTE"));
  });

  it("refuses versions that are not all of one kind, or not text", () => {
    expect(merge(card, event, card).kind).toBe("unmergeable");
    expect(mergeItem(utf8(card), new Uint8Array([0xff, 0xfe]), utf8(card)).kind).toBe("unmergeable");
    expect(merge("hello", "hello there", "hello here").kind).toBe("unmergeable");
  });
});
