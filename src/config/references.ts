/**
 * The checks that need more than one table: a pair's `a` and `b` must name storages, two
 * different ones holding the same kind of items, only a pair of file trees may leave out
 * `collections`, and only items that can merge are merged.
 * @module
 */
import type { Problem } from "./problem.js";
import type { CollectionsSpec, ConflictPolicy } from "./schema.js";
import type { ConfiguredStorage } from "./storage-table.js";
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

/** What is wrong with the kinds of items a pair's storages hold; nothing for storages not (validly) configured. */
export function checkPairModels(
  pairName: string,
  pair: {
    readonly a: string;
    readonly b: string;
    readonly collections: CollectionsSpec | undefined;
    readonly conflictResolution: ConflictPolicy;
  },
  configured: ReadonlyMap<string, ConfiguredStorage>,
): Problem[] {
  const [a, b] = [configured.get(pair.a), configured.get(pair.b)];
  if (!a || !b) return [];
  const [modelA, modelB] = [a.definition.modelFor(a.config), b.definition.modelFor(b.config)];
  if (modelA.kind !== modelB.kind) {
    return [
      {
        path: ["pair", pairName, "b"],
        text: `expected a storage holding ${modelA.kind} items as ${quote(pair.a)} does, got ${quote(pair.b)}, which holds ${modelB.kind} items`,
      },
    ];
  }
  if (pair.conflictResolution.kind === "merge" && modelA.merge === undefined) {
    return [
      {
        path: ["pair", pairName, "conflict_resolution"],
        text: `expected a policy for ${modelA.kind} items, got "merge", which merges calendars and contacts only`,
      },
    ];
  }
  if (pair.collections === undefined && modelA.identity !== "href") {
    return [
      {
        path: ["pair", pairName, "collections"],
        text: 'missing required key, expected "all", "from a", "from b" or a list of collection names and { a = "...", b = "..." } tables',
      },
    ];
  }
  return [];
}
