/**
 * A diff of content lines as a person reads it: changed lines marked `-` and `+`, with a line of
 * context around them and `…` where unchanged lines are left out.
 * @module
 */
import type { DiffLine } from "../formats/index.js";

const marks = { same: " ", removed: "-", added: "+" } as const;

export function diffView(diff: readonly DiffLine[], context = 1): string[] {
  const near = (index: number) =>
    diff.slice(Math.max(0, index - context), index + context + 1).some((line) => line.kind !== "same");
  const shown: string[] = [];
  let skipped = false;
  diff.forEach((line, index) => {
    if (!near(index)) {
      skipped = true;
      return;
    }
    if (skipped && shown.length > 0) shown.push("…");
    skipped = false;
    shown.push(`${marks[line.kind]} ${line.text}`);
  });
  return shown;
}
