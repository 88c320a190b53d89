/**
 * The checks that need more than one table: a pair's `a` and `b` must name storages, and two
 * different ones.
 * @module
 */
import type { Problem } from "./problem.js";
import { mismatch, orList, quote } from "./wording.js";

/** What is wrong with the storages a pair names; nothing when both exist and differ. */
export function checkPairStorages(
  pairName: string,
  sides: { readonly a: string; readonly b: string },
  storageNames: readonly string[],
): Problem[] {
  const expected =
    storageNames.length === 0
      ? "the name of a storage (there is none: add a [storage.NAME] table)"
      : `the name of a storage (${orList(storageNames.map(quote))})`;
  const problems: Problem[] = (["a", "b"] as const)
    .filter((side) => !storageNames.includes(sides[side]))
    .map((side) => ({
      path: ["pair", pairName, side],
      text: mismatch(expected, sides[side], { choices: storageNames }),
    }));
  if (problems.length === 0 && sides.a === sides.b) {
    problems.push({
      path: ["pair", pairName, "b"],
      text: `expected a storage other than a, got ${quote(sides.b)} on both sides`,
    });
  }
  return problems;
}
