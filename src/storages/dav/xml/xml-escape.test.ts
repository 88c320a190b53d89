import { describe, expect, it } from "vitest";
import { escapeXmlAttribute, escapeXmlText } from "./xml-escape.js";

describe("XML escaping", () => {
  it("escapes markup characters and keeps CR as a reference", () => {
    expect(escapeXmlText(`a & b < c > d "e" 'f' \r\n\t`)).toBe(
      "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; &#13;\n\t",
    );
  });

  it("keeps tabs and line feeds in attributes as references", () => {
    expect(escapeXmlAttribute('x"\t\n\r<')).toBe("x&quot;&#9;&#10;&#13;&lt;");
  });

  it("drops characters XML cannot carry, keeping whole surrogate pairs", () => {
    expect(escapeXmlText("a\u0000b\u001bc\uFFFEd\uD800e\uDC00f😀")).toBe("abcdef😀");
    expect(escapeXmlAttribute("\u0001😀\uDFFF")).toBe("😀");
  });
});
