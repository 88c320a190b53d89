/**
 * Collection properties (displayname, colour, ...) carried across like items: compared with
 * the value remembered at the last sync, so a change on one side wins over an unchanged other.
 * @module
 */
import { classify } from "../errors/index.js";
import type { Collection, PropertyName } from "../contract/index.js";
import type { PlanPolicy } from "./plan.js";
import type { PropertyChange } from "./report.js";
import type { StatusDb } from "./status.js";
import { otherSide, type Side } from "./types.js";

export interface PropertySyncOptions {
  readonly status: StatusDb;
  readonly collection: number;
  readonly collections: Readonly<Record<Side, Collection>>;
  readonly names: readonly PropertyName[];
  readonly policy: PlanPolicy;
}

export async function syncProperties(options: PropertySyncOptions): Promise<PropertyChange[]> {
  const { collections, names, policy } = options;
  if (names.length === 0) return [];
  const getA = collections.a.getProperties;
  const getB = collections.b.getProperties;
  if (!getA || !getB) return [];
  const [valuesA, valuesB] = await Promise.all([getA.call(collections.a), getB.call(collections.b)]);
  const remembered = options.status.properties(options.collection);
  const changes: PropertyChange[] = [];
  for (const name of names) {
    const a = valuesA[name];
    const b = valuesB[name];
    const before = remembered.get(name);
    if (a === b) {
      if (before !== a || !remembered.has(name)) options.status.setProperty(options.collection, name, a);
      continue;
    }
    const from = winner(a, b, before, remembered.has(name), policy);
    if (from === undefined) continue;
    const to = otherSide(from);
    const value = from === "a" ? a : b;
    if (policy.readOnly[to]) continue;
    try {
      await collections[to].setProperty?.(name, value);
      options.status.setProperty(options.collection, name, value);
      changes.push({ name, side: to, value });
    } catch (error) {
      changes.push({
        name,
        side: to,
        value,
        error: classify(error, `setting ${name} of ${collections[to].info.href}`),
      });
    }
  }
  return changes;
}

/** Which side's value to carry, or undefined to leave a property conflict alone. */
function winner(
  a: string | undefined,
  b: string | undefined,
  before: string | undefined,
  known: boolean,
  policy: PlanPolicy,
): Side | undefined {
  if (policy.oneWay) return "a";
  if (known && before === b) return "a";
  if (known && before === a) return "b";
  // Both changed, or never synchronised: a value beats no value; otherwise the conflict policy.
  if (a === undefined) return "b";
  if (b === undefined) return "a";
  // Properties have no modification time: "newer" and "keep both" leave the conflict reported.
  return policy.conflict.kind === "keep" ? policy.conflict.side : undefined;
}
