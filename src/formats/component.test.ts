import { describe, expect, it } from "vitest";
import { parseComponents, physicalLines, propertyValue } from "./component.js";
import type { Component } from "./component.js";
import { readContentLines } from "./content-line.js";
import { appleRecurringEvent, brokenEvent } from "./testing/fixtures.js";

const parse = (text: string) => parseComponents(readContentLines(text));

/** The tree as nested names, for compact expectations. */
function shape(component: Component): unknown {
  return component.children.length === 0
    ? component.name
    : { [component.name]: component.children.map(shape) };
}

describe("parseComponents", () => {
  it("nests BEGIN/END into a tree under a nameless root", () => {
    const root = parse(appleRecurringEvent);
    expect(shape(root)).toEqual({
      "": [{ VCALENDAR: [{ VTIMEZONE: ["DAYLIGHT", "STANDARD"] }, "VEVENT", "VEVENT"] }],
    });
    const calendar = root.children[0];
    expect(calendar?.lines.map((line) => line.name)).toEqual(["VERSION", "PRODID", "CALSCALE"]);
    expect(calendar?.end?.physical).toEqual(["END:VCALENDAR"]);
  });

  it("uppercases component names and closes components whose END is missing", () => {
    const root = parse(brokenEvent);
    expect(shape(root)).toEqual({ "": [{ VCALENDAR: ["VEVENT"] }] });
    const event = root.children[0]?.children[0];
    expect(event?.end).toBeUndefined();
    expect(event?.lines.map((line) => line.name)).toEqual(["UID", "SUMMARY"]);
    // The junk line belongs to the calendar it was found in.
    expect(root.children[0]?.lines.map((line) => line.name)).toEqual([
      "VERSION",
      "THIS IS NOT A CONTENT LINE",
    ]);
  });

  it("lets an enclosing END close an inner component left open", () => {
    const root = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nEND:VCALENDAR\nBEGIN:VCARD\nEND:VCARD\n");
    expect(shape(root)).toEqual({ "": [{ VCALENDAR: ["VEVENT"] }, "VCARD"] });
  });

  it("keeps an END that closes nothing as an ordinary line", () => {
    const root = parse("BEGIN:VEVENT\nEND:VTODO\nUID:1\nEND:VEVENT\nEND:VEVENT\n");
    expect(root.children[0]?.lines.map((line) => line.name + line.tail)).toEqual(["END:VTODO", "UID:1"]);
    expect(root.lines.map((line) => line.name + line.tail)).toEqual(["END:VEVENT"]);
  });

  it("puts lines outside any component on the root", () => {
    const root = parse("garbage\nBEGIN:VCARD\nFN:x\nEND:VCARD\nmore garbage\n");
    expect(root.lines.map((line) => line.name)).toEqual(["GARBAGE", "MORE GARBAGE"]);
  });

  it("survives absurd nesting without exhausting the stack", () => {
    const begins = Array.from({ length: 50_000 }, (_, i) => `BEGIN:X${i}`);
    const lines = physicalLines([parse([...begins, "UID:deep"].join("\n"))]);
    expect(lines.filter((line) => line.startsWith("BEGIN:"))).toHaveLength(50_000);
    expect(lines).toContain("UID:deep");
  });

  it("ends a component left open when another of its name begins", () => {
    const root = parse("BEGIN:VCARD\nUID:a\nBEGIN:VCARD\nUID:b\nEND:VCARD\n");
    expect(shape(root)).toEqual({ "": ["VCARD", "VCARD"] });
    expect(root.children[0]?.end).toBeUndefined();
  });
});

describe("propertyValue", () => {
  it("gives the trimmed value of the first property of that name", () => {
    const event = parse("BEGIN:VEVENT\nuid:  abc \nUID:def\nEND:VEVENT").children[0] as Component;
    expect(propertyValue(event, "UID")).toBe("abc");
    expect(propertyValue(event, "SUMMARY")).toBeUndefined();
  });
});

describe("physicalLines", () => {
  it("gives back the lines as they were read, folds and case included", () => {
    const text =
      "begin:vevent\nUID:1\nDESCRIPTION:a\n  b\nBEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM\nend:vevent";
    const event = parse(text).children[0] as Component;
    expect(physicalLines([event])).toEqual(text.split("\n"));
  });

  it("writes in a missing END", () => {
    const event = parse(brokenEvent).children[0]?.children[0] as Component;
    expect(physicalLines([event])).toEqual([
      "begin:vevent",
      "uid:broken-1@example.org",
      "summary:Missing its ends",
      "END:VEVENT",
    ]);
  });
});
