import { describe, expect, it } from "vitest";
import { InternalError } from "../../../errors/index.js";
import { element, xmlDocument } from "./xml-writer.js";

describe("xmlDocument", () => {
  it("declares known namespaces under their usual prefixes and others under generated ones", () => {
    const root = element("{DAV:}propfind", [
      element("{DAV:}prop", [
        element("{urn:a}x"),
        element("{urn:b}y", "text"),
        element("{urn:a}z", [], { k: "v" }),
      ]),
    ]);
    expect(xmlDocument(root)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<d:propfind xmlns:d="DAV:" xmlns:x1="urn:a" xmlns:x2="urn:b">' +
        '<d:prop><x1:x/><x2:y>text</x2:y><x1:z k="v"/></d:prop></d:propfind>',
    );
  });

  it("escapes namespace URIs, attribute values and text", () => {
    const root = element("{urn:a&b}r", [element("{urn:a&b}c", "<&>", { q: '"\n' })]);
    expect(xmlDocument(root)).toContain(
      '<x0:r xmlns:x0="urn:a&amp;b"><x0:c q="&quot;&#10;">&lt;&amp;&gt;</x0:c></x0:r>',
    );
  });

  it("refuses an element without a namespace, which no prefix could be bound to", () => {
    expect(() => xmlDocument(element("getetag"))).toThrow(InternalError);
  });
});
