/**
 * Collection properties (displayname, colour, ...) carried across like items: compared with
 * the value remembered at the last sync, so a change on one side wins over an unchanged other.
 * Planning is pure; the plan's `set-property` actions are shown by --dry-run and applied after
 * the items.
 * @module
 */
import { classify } from "../errors/index.js";
import type { Collection, Properties, PropertyName } from "../contract/index.js";
import type { ActionFailure, Applied } from "./execute.js";
import type { PlanPolicy } from "./plan.js";
import type { CollectionRecord, StatusDb } from "./status.js";
import { type CollectionAction, otherSide, type Side } from "./types.js";

export type SetProperty = Extract<CollectionAction, { kind: "set-property" }>;

export interface PropertyPlan {
  readonly actions: readonly SetProperty[];
  /** Values equal on both sides that the status does not remember yet: recorded, not written. */
  readonly agreed: ReadonlyMap<PropertyName, string | undefined>;
}

export const noProperties: PropertyPlan = { actions: [], agreed: new Map() };

/**
 * Each side's properties among `names`, where its storage keeps any. A collection still to be
 * created counts as holding what it will be created with: its counterpart's.
 */
export async function readProperties(
  collections: Readonly<Record<Side, Collection>>,
  names: readonly PropertyName[],
  missing: readonly Side[],
): Promise<Partial<Record<Side, Properties>>> {
  if (names.length === 0) return {};
  const own = async (side: Side): Promise<Properties | undefined> =>
    missing.includes(side) ? undefined : collections[side].getProperties?.();
  const found = { a: await own("a"), b: await own("b") };
  const values: Partial<Record<Side, Properties>> = {};
  for (const side of ["a", "b"] as const) {
    const value = missing.includes(side) ? pick(found[otherSide(side)] ?? {}, names) : found[side];
    if (value) values[side] = value;
  }
  return values;
}

const pick = (properties: Properties, names: readonly PropertyName[]): Properties =>
  Object.fromEntries(
    names.flatMap((name) => (properties[name] === undefined ? [] : [[name, properties[name]]])),
  );

export function planProperties(input: {
  readonly values: Readonly<Record<Side, Properties>>;
  readonly remembered: ReadonlyMap<PropertyName, string | undefined>;
  readonly names: readonly PropertyName[];
  readonly policy: PlanPolicy;
}): PropertyPlan {
  const { values, remembered, policy } = input;
  const actions: SetProperty[] = [];
  const agreed = new Map<PropertyName, string | undefined>();
  for (const name of input.names) {
    const a = values.a[name];
    const b = values.b[name];
    const before = remembered.get(name);
    if (a === b) {
      if (before !== a || !remembered.has(name)) agreed.set(name, a);
      continue;
    }
    const decision = decide(a, b, before, remembered.has(name), policy);
    if (decision === undefined) continue;
    const side = otherSide(decision.from);
    if (policy.readOnly[side]) continue;
    const value = decision.from === "a" ? a : b;
    actions.push({ kind: "set-property", side, name, value, why: decision.why });
  }
  return { actions, agreed };
}

/** Which side's value to carry and why, or undefined to leave a property conflict alone. */
function decide(
  a: string | undefined,
  b: string | undefined,
  before: string | undefined,
  known: boolean,
  policy: PlanPolicy,
): { readonly from: Side; readonly why: string } | undefined {
  if (policy.oneWay)
    return { from: policy.oneWay, why: `one-way: ${otherSide(policy.oneWay)} follows ${policy.oneWay}` };
  if (known && before === b) return { from: "a", why: "changed in a" };
  if (known && before === a) return { from: "b", why: "changed in b" };
  // Both changed, or never synchronised: a value beats no value; otherwise the conflict policy.
  const both = known ? "changed on both sides" : "differs, never synchronised";
  if (a === undefined) return { from: "b", why: `${both}; only b has a value` };
  if (b === undefined) return { from: "a", why: `${both}; only a has a value` };
  // Properties have no modification time: "newer" and "keep both" leave the conflict reported,
  // and a value has no parts to merge: "merge" does what its fallback does.
  const settle = policy.conflict.kind === "merge" ? policy.conflict.fallback : policy.conflict;
  const from = settle.kind === "keep" ? settle.side : undefined;
  return from && { from, why: `${both}; keep ${from}` };
}

/** Writes the planned properties and records them, and the agreed ones, in the status. */
export async function applyProperties(
  plan: PropertyPlan,
  options: {
    readonly record: CollectionRecord;
    readonly status: StatusDb;
    readonly collections: Readonly<Record<Side, Collection>>;
    readonly onApplied?: (applied: Applied) => void;
  },
): Promise<{ applied: SetProperty[]; failures: ActionFailure[] }> {
  const { status, record } = options;
  for (const [name, value] of plan.agreed) status.setProperty(record.key, name, value);
  const applied: SetProperty[] = [];
  const failures: ActionFailure[] = [];
  for (const action of plan.actions) {
    const collection = options.collections[action.side];
    try {
      await collection.setProperty?.(action.name, action.value);
      status.setProperty(record.key, action.name, action.value);
      applied.push(action);
      options.onApplied?.({ action });
    } catch (thrown) {
      const error = classify(thrown, `setting ${action.name} of ${collection.info.href}`);
      if (error.disposition === "fatal") throw error;
      failures.push({ action, error });
      options.onApplied?.({ action, error });
    }
  }
  return { applied, failures };
}
