/**
 * Contacts and events as Apple, Google, Thunderbird, Evolution, Nextcloud and DAVx5 write them
 * (from their documented formats, with made-up people), each edited in two places:
 * `test/fixtures/merge/<case>/` holds `base`, `a` and `b`, and what merging them gives: `merged`
 * exactly (a's order and folding, b's changes in it), or `conflicts.json`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mergeItem } from "./merge-item.js";
import { facts, problemsOf } from "./testing/edited-items.js";

const root = fileURLToPath(new URL("../../test/fixtures/merge/", import.meta.url));
const text = (content: Uint8Array) => new TextDecoder().decode(content);

describe.each(readdirSync(root).sort())("%s", (name) => {
  const folder = join(root, name);
  const extension = readdirSync(folder).some((file) => file.endsWith(".vcf")) ? ".vcf" : ".ics";
  const read = (version: string) => readFileSync(join(folder, `${version}${extension}`));
  const [base, a, b] = [read("base"), read("a"), read("b")];

  if (existsSync(join(folder, "conflicts.json"))) {
    it("reports what both sides changed differently, and nothing else", () => {
      const expected: unknown = JSON.parse(readFileSync(join(folder, "conflicts.json"), "utf8"));
      expect(mergeItem(base, a, b)).toEqual({ kind: "conflicting", conflicts: expected });
    });
    return;
  }

  it("merges both sides' changes into a's text", () => {
    const result = mergeItem(base, a, b);
    expect(result.kind).toBe("merged");
    if (result.kind === "merged") expect(text(result.content)).toBe(read("merged").toString("utf8"));
  });

  it("merges the same whichever side is a, into a valid item", () => {
    const [ab, ba] = [mergeItem(base, a, b), mergeItem(base, b, a)];
    if (ab.kind !== "merged" || ba.kind !== "merged") throw new Error("not merged");
    expect(facts(text(ba.content), { bookkeeping: true })).toEqual(
      facts(text(ab.content), { bookkeeping: true }),
    );
    for (const version of [base, a, b, ab.content]) expect(problemsOf(text(version))).toEqual([]);
  });
});
