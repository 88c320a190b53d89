/**
 * The three-way rules a merge applies to one slot (a property, or a nested component, as its
 * identity names it), over the keys of what each version holds there. Pure set arithmetic: which
 * key stands for which line is the caller's.
 * @module
 */

/**
 * A slot that holds one value (SUMMARY, FN, a VALARM with a UID): the side that changed it wins;
 * both changed it alike is fine; both changed it differently (a deletion included) is a conflict,
 * undefined.
 */
export function mergeSingle(
  base: readonly string[],
  a: readonly string[],
  b: readonly string[],
): readonly string[] | undefined {
  if (sameSet(a, b) || sameSet(b, base)) return a;
  if (sameSet(a, base)) return b;
  return undefined;
}

/**
 * A slot that holds a set (TEL;TYPE=CELL, EXDATE, alarms without a UID): what a side added is
 * added, what a side removed is removed, so additions on both sides all stay. The one conflict,
 * undefined: a value both sides removed and each replaced with something else (the same number
 * changed to two different ones).
 */
export function mergeSet(
  base: readonly string[],
  a: readonly string[],
  b: readonly string[],
): ReadonlySet<string> | undefined {
  const inBase = new Set(base);
  const inA = new Set(a);
  const inB = new Set(b);
  const addedA = a.filter((key) => !inBase.has(key));
  const addedB = b.filter((key) => !inBase.has(key));
  const removedByBoth = base.some((key) => !inA.has(key) && !inB.has(key));
  if (removedByBoth && !sameSet(addedA, addedB)) return undefined;
  return new Set([...base.filter((key) => inA.has(key) && inB.has(key)), ...addedA, ...addedB]);
}

export function sameSet(x: readonly string[], y: readonly string[]): boolean {
  const inX = new Set(x);
  const inY = new Set(y);
  return inX.size === inY.size && [...inX].every((key) => inY.has(key));
}
