import { describe, expect, it } from "vitest";
import { clarkName, splitClarkName } from "./namespaces.js";

describe("Clark names", () => {
  it("joins and splits a namespace and a local name", () => {
    expect(clarkName("DAV:", "getetag")).toBe("{DAV:}getetag");
    expect(splitClarkName("{http://apple.com/ns/ical/}calendar-color")).toEqual({
      namespace: "http://apple.com/ns/ical/",
      local: "calendar-color",
    });
  });

  it("reads a name without braces as having no namespace", () => {
    expect(splitClarkName("getetag")).toEqual({ namespace: "", local: "getetag" });
    expect(splitClarkName("{}getetag")).toEqual({ namespace: "", local: "getetag" });
  });
});
