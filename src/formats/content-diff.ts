/**
 * What changed between two versions of an item, content line by content line (unfolded, so a
 * line refolded by a server is no change): for `concord resolve`, which shows what each side
 * changed since the version both last agreed on, and what a merge would write.
 *
 * A longest-common-subsequence diff over the lines between the common head and tail. Items are
 * a few dozen lines; a middle too large to compare line by line (thousands of lines changed on
 * both sides) is shown as removed whole and added whole rather than costing quadratic memory.
 * @module
 */
import { readContentLines } from "./content-line.js";

export interface DiffLine {
  readonly kind: "same" | "removed" | "added";
  readonly text: string;
}

/** The most line pairs compared one by one: 16 MB of table at most. */
const maxCells = 4_000_000;

/** The content lines of `before` and `after`, each marked kept, removed or added, in order. */
export function diffContentLines(before: string, after: string): DiffLine[] {
  const [x, y] = [logicalLines(before), logicalLines(after)];
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (
    tail < x.length - head &&
    tail < y.length - head &&
    x[x.length - 1 - tail] === y[y.length - 1 - tail]
  )
    tail++;
  const same = (lines: readonly string[]) => lines.map((text): DiffLine => ({ kind: "same", text }));
  return [
    ...same(x.slice(0, head)),
    ...diffMiddle(x.slice(head, x.length - tail), y.slice(head, y.length - tail)),
    ...same(x.slice(x.length - tail)),
  ];
}

function logicalLines(text: string): string[] {
  return readContentLines(text).map((line) => `${line.name}${line.tail}`);
}

function diffMiddle(x: readonly string[], y: readonly string[]): DiffLine[] {
  const removed = (text: string): DiffLine => ({ kind: "removed", text });
  const added = (text: string): DiffLine => ({ kind: "added", text });
  if (x.length * y.length > maxCells) return [...x.map(removed), ...y.map(added)];
  // common[i][j]: the longest common subsequence of x[i..] and y[j..], one row per i.
  const width = y.length + 1;
  const common = new Uint32Array((x.length + 1) * width);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      common[i * width + j] =
        x[i] === y[j]
          ? (common[(i + 1) * width + j + 1] as number) + 1
          : Math.max(common[(i + 1) * width + j] as number, common[i * width + j + 1] as number);
    }
  }
  const lines: DiffLine[] = [];
  let [i, j] = [0, 0];
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      lines.push({ kind: "same", text: x[i++] as string });
      j++;
    } else if ((common[(i + 1) * width + j] as number) >= (common[i * width + j + 1] as number)) {
      lines.push(removed(x[i++] as string));
    } else {
      lines.push(added(y[j++] as string));
    }
  }
  return [...lines, ...x.slice(i).map(removed), ...y.slice(j).map(added)];
}
