import { describe, expect, it } from "vitest";
import type { DiffLine } from "../formats/index.js";
import { diffView } from "./diff-view.js";

const same = (text: string): DiffLine => ({ kind: "same", text });

describe("diffView", () => {
  it("shows changed lines with a line of context, and … where unchanged ones are left out", () => {
    const diff: DiffLine[] = [
      same("BEGIN:VCARD"),
      same("VERSION:3.0"),
      { kind: "removed", text: "FN:Jane" },
      { kind: "added", text: "FN:Jane D." },
      same("N:Doe;Jane;;;"),
      same("TEL:1"),
      same("TEL:2"),
      { kind: "added", text: "EMAIL:j@example.com" },
      same("END:VCARD"),
    ];
    expect(diffView(diff)).toEqual([
      "  VERSION:3.0",
      "- FN:Jane",
      "+ FN:Jane D.",
      "  N:Doe;Jane;;;",
      "…",
      "  TEL:2",
      "+ EMAIL:j@example.com",
      "  END:VCARD",
    ]);
  });

  it("shows nothing when nothing changed", () => {
    expect(diffView([same("BEGIN:VCARD"), same("END:VCARD")])).toEqual([]);
  });
});
