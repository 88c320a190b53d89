import { describe, expect, it } from "vitest";
import { parseComponents } from "./component.js";
import type { Component } from "./component.js";
import { readContentLines } from "./content-line.js";
import { kindOf, mainComponents, uidOf } from "./identity.js";
import { appleVcard3, googleEvent } from "./testing/fixtures.js";

const parse = (text: string) => parseComponents(readContentLines(text));

describe("kindOf", () => {
  it("is the kind of the first component, whatever junk comes before it", () => {
    expect(kindOf(parse(googleEvent))).toBe("icalendar");
    expect(kindOf(parse(`junk\n${appleVcard3}`))).toBe("vcard");
    expect(kindOf(parse("BEGIN:VEVENT\nUID:1\nEND:VEVENT"))).toBe("unknown");
    expect(kindOf(parse("no components at all"))).toBe("unknown");
    expect(kindOf(parse(""))).toBe("unknown");
  });
});

describe("mainComponents", () => {
  it("takes the members of a VCALENDAR other than its VTIMEZONEs", () => {
    expect(mainComponents(parse(googleEvent)).map((component) => component.name)).toEqual(["VEVENT"]);
  });

  it("takes other top-level components as they are", () => {
    const root = parse(`${appleVcard3}BEGIN:VEVENT\nUID:bare\nEND:VEVENT\n`);
    expect(mainComponents(root).map((component) => component.name)).toEqual(["VCARD", "VEVENT"]);
  });
});

describe("uidOf", () => {
  const component = (text: string) => parse(text).children[0] as Component;

  it("gives the trimmed UID", () => {
    expect(uidOf(component("BEGIN:VCARD\nuid: urn:uuid:1 \t\nEND:VCARD"))).toBe("urn:uuid:1");
  });

  it("is undefined without a UID or with an empty one", () => {
    expect(uidOf(component("BEGIN:VCARD\nFN:x\nEND:VCARD"))).toBeUndefined();
    expect(uidOf(component("BEGIN:VCARD\nUID: \nEND:VCARD"))).toBeUndefined();
  });
});
