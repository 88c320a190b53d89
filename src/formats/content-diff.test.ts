import { describe, expect, it } from "vitest";
import { diffContentLines } from "./content-diff.js";

const lines = (...texts: string[]) => texts.map((text) => `${text}\r\n`).join("");

describe("diffContentLines", () => {
  it("marks what was kept, removed and added, in order", () => {
    const before = lines("BEGIN:VCARD", "FN:Jane", "TEL:1", "NOTE:x", "END:VCARD");
    const after = lines("BEGIN:VCARD", "FN:Jane D.", "TEL:1", "EMAIL:j@example.com", "NOTE:x", "END:VCARD");
    expect(diffContentLines(before, after)).toEqual([
      { kind: "same", text: "BEGIN:VCARD" },
      { kind: "removed", text: "FN:Jane" },
      { kind: "added", text: "FN:Jane D." },
      { kind: "same", text: "TEL:1" },
      { kind: "added", text: "EMAIL:j@example.com" },
      { kind: "same", text: "NOTE:x" },
      { kind: "same", text: "END:VCARD" },
    ]);
  });

  it("compares unfolded lines: refolding and line ends are no change", () => {
    const folded = "BEGIN:VCARD\r\nNOTE:a long\r\n  note\r\nEND:VCARD\r\n";
    const unfolded = "BEGIN:VCARD\nNOTE:a long note\nEND:VCARD\n";
    expect(diffContentLines(folded, unfolded).every((line) => line.kind === "same")).toBe(true);
  });

  it("shows a middle too large to compare as removed, then added", () => {
    const many = (prefix: string) => Array.from({ length: 2100 }, (_, i) => `${prefix}:${i}`);
    const diff = diffContentLines(
      lines("BEGIN:X", ...many("A"), "END:X"),
      lines("BEGIN:X", ...many("B"), "END:X"),
    );
    expect(diff.map((line) => line.kind)).toEqual([
      "same",
      ...Array<string>(2100).fill("removed"),
      ...Array<string>(2100).fill("added"),
      "same",
    ]);
  });
});
