/**
 * The three-way merge of an iCalendar or vCard item: from the version both sides last agreed on
 * (the base) and each side's version now, one version with both sides' changes, or the
 * properties both changed differently (`merge-tree.ts` says what is one property).
 *
 * The result is written as a wrote it: a's order, a's folding and line ends, a's lines as a
 * folded them, b's lines as b folded them; only a line the merge writes anew (a SEQUENCE) is
 * folded here. A side unchanged since the base gives the other side's version byte for byte.
 * @module
 */
import type { ContentMerge } from "../contract/index.js";
import { physicalLines } from "./component.js";
import type { Component } from "./component.js";
import { kindOf, mainComponents, uidOf } from "./identity.js";
import { mergeTrees, parseItem } from "./merge-tree.js";
import { normalisedText } from "./normalise.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function mergeItem(base: Uint8Array, a: Uint8Array, b: Uint8Array): ContentMerge {
  const texts = [base, a, b].map(decode);
  if (texts.some((text) => text === undefined)) return unmergeable("a version is not UTF-8 text");
  const [textBase, textA] = texts as [string, string, string];
  const roots = (texts as string[]).map(parseItem) as [Component, Component, Component];
  const kinds = new Set(roots.map(kindOf));
  const [kind] = kinds;
  if (kinds.size > 1 || kind === undefined || kind === "unknown") {
    return unmergeable("the versions are not all iCalendar or all vCard");
  }
  if (new Set(roots.map(firstUid)).size > 1) return unmergeable("the versions have different UIDs");
  const [normalBase, normalA, normalB] = roots.map(normalisedText);
  // Where both changed (or neither did, but for bookkeeping), their bookkeeping merges too.
  if (normalA === normalBase && normalB !== normalBase) return { kind: "merged", content: b };
  if (normalB === normalBase && normalA !== normalBase) return { kind: "merged", content: a };
  const merge = mergeTrees({ base: roots[0], a: roots[1], b: roots[2] }, kind);
  if ("conflicts" in merge) return { kind: "conflicting", conflicts: merge.conflicts };
  const lines = [
    ...merge.merged.lines.flatMap((line) => line.physical),
    ...physicalLines(merge.merged.children),
  ];
  const end = lineEnd(textA || textBase);
  return { kind: "merged", content: new TextEncoder().encode(lines.map((line) => line + end).join("")) };
}

function decode(content: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(content);
  } catch {
    return undefined;
  }
}

const unmergeable = (reason: string): ContentMerge => ({ kind: "unmergeable", reason });

function firstUid(root: Component): string | undefined {
  return mainComponents(root)
    .map(uidOf)
    .find((uid) => uid !== undefined);
}

/** The line end a text uses (CRLF as the RFCs ask, unless it has bare LFs). */
function lineEnd(text: string): string {
  const lf = text.indexOf("\n");
  return lf > 0 && text[lf - 1] !== "\r" ? "\n" : "\r\n";
}
