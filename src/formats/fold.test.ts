import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readContentLines } from "./content-line.js";
import { foldLine, writeFoldedLines, writeLines } from "./fold.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const octets = (text: string) => new TextEncoder().encode(text);

describe("foldLine", () => {
  it("leaves a line of 75 octets alone", () => {
    const line = `SUMMARY:${"x".repeat(67)}`;
    expect(foldLine(line)).toBe(line);
  });

  it("folds longer lines into physical lines of at most 75 octets", () => {
    const folded = foldLine(`DESCRIPTION:${"x".repeat(200)}`).split("\r\n");
    // 212 octets: 75 on the first line, then a space and 74 more on each continuation.
    expect(folded.map((line) => octets(line).length)).toEqual([75, 75, 64]);
    expect(folded.slice(1).every((line) => line.startsWith(" "))).toBe(true);
  });

  it("never splits a UTF-8 sequence or a surrogate pair", () => {
    const line = `SUMMARY:${"aé€😀".repeat(40)}`;
    for (const physical of foldLine(line).split("\r\n")) {
      expect(octets(physical).length).toBeLessThanOrEqual(75);
      expect(() => strictUtf8.decode(octets(physical))).not.toThrow();
      expect(physical).not.toMatch(/[\ud800-\udbff]$|^ ?[\udc00-\udfff]/);
    }
  });

  it("unfolds back to the line it folded", () => {
    const printable = fc
      .string({ unit: "binary", maxLength: 400 })
      .map((text) => text.replace(/[\r\n]/g, ""));
    fc.assert(
      fc.property(printable, (value) => {
        const line = `X-VALUE:${value}`;
        const [read] = readContentLines(foldLine(line));
        expect((read?.name ?? "") + (read?.tail ?? "")).toBe(line);
      }),
    );
  });
});

describe("writing lines", () => {
  it("ends every line with CRLF, folding only when asked", () => {
    const long = `X:${"y".repeat(100)}`;
    expect(writeLines(["A:1", long])).toBe(`A:1\r\n${long}\r\n`);
    expect(writeFoldedLines(["A:1", long])).toBe(`A:1\r\n${foldLine(long)}\r\n`);
    expect(writeFoldedLines([])).toBe("");
  });
});
