/**
 * A mapping's changes to its collections themselves: creating the one missing on a side before
 * any item is written there, and deleting the one emptied after its counterpart was deleted.
 * Both are planned with the items, so --dry-run shows them, and applied around them.
 * @module
 */
import { classify, CollectionError, InternalError } from "../errors/index.js";
import type { Collection, Properties, PropertyName } from "../contract/index.js";
import type { ActionFailure, Applied } from "./execute.js";
import type { Plan } from "./plan.js";
import type { CollectionRecord, StatusDb } from "./status.js";
import { type CollectionAction, otherSide, type Side } from "./types.js";

type CreateCollection = Extract<CollectionAction, { kind: "create-collection" }>;
type DeleteCollection = Extract<CollectionAction, { kind: "delete-collection" }>;

/** What a mapping's collections may need; only the pair's storages can do it. */
export interface CollectionChanges {
  /**
   * How to create the collection of each side where it does not exist yet; it is created before
   * anything is written there.
   */
  readonly create: Partial<Record<Side, (properties: Properties) => Promise<Collection>>>;
  /**
   * The side whose collection is deleted once the plan empties it, because its counterpart was
   * deleted since the last sync (and `on_delete`, `read_only` and the storage allow it).
   */
  readonly deletable?: { readonly side: Side; readonly delete: () => Promise<void> };
}

/** The sides whose collection is still to be created. */
export const missingSides = (changes: CollectionChanges): Side[] =>
  (["a", "b"] as const).filter((side) => changes.create[side] !== undefined);

export interface CollectionChangesPlan {
  readonly creations: readonly CreateCollection[];
  /** At most one. */
  readonly deletion: readonly DeleteCollection[];
}

export function planCollectionChanges(input: {
  readonly changes: CollectionChanges;
  readonly collections: Readonly<Record<Side, Collection>>;
  /** The properties each side has, or will have once created. */
  readonly properties: Partial<Record<Side, Properties>>;
  /** How many items each side holds now, and whether some could not be read or were held twice. */
  readonly sides: Readonly<Record<Side, SideCount>>;
  readonly items: Plan;
}): CollectionChangesPlan {
  const { changes, collections } = input;
  const missing = missingSides(changes);
  const creations = missing.map((side): CreateCollection => ({
    kind: "create-collection",
    side,
    id: collections[side].info.id,
    properties: input.properties[side] ?? {},
    why: missing.includes(otherSide(side)) ? "named in the pair's collections" : `new in ${otherSide(side)}`,
  }));
  const deletable = changes.deletable?.side;
  const deletion: DeleteCollection[] =
    deletable !== undefined && emptiedBy(input.items, input.sides[deletable], deletable)
      ? [
          {
            kind: "delete-collection",
            side: deletable,
            id: collections[deletable].info.id,
            why: `deleted in ${otherSide(deletable)}`,
          },
        ]
      : [];
  return { creations, deletion };
}

/** What the deletion of an emptied collection needs to know of a side. */
export interface SideCount {
  readonly held: number;
  /** Some item could not be read or is held twice: the side may hold more than it seems. */
  readonly troubled: boolean;
}

/** Whether applying `items` leaves the side holding nothing. */
function emptiedBy(items: Plan, count: SideCount, side: Side): boolean {
  if (items.emptied || count.troubled) return false;
  const deleted = items.actions.filter((action) => action.kind === "delete" && action.side === side).length;
  return deleted === count.held;
}

interface ApplyOptions {
  readonly record: CollectionRecord;
  readonly status: StatusDb;
  readonly collections: Readonly<Record<Side, Collection>>;
  readonly changes: CollectionChanges;
  readonly onApplied?: (applied: Applied) => void;
}

/** Creates the missing collections; returns both sides with the created ones in place. */
export async function applyCreations(
  creations: readonly CreateCollection[],
  options: ApplyOptions,
): Promise<Record<Side, Collection>> {
  const collections = { ...options.collections };
  if (creations.length === 0) return collections;
  for (const action of creations) {
    const create = options.changes.create[action.side];
    if (!create) throw new InternalError(`no way to create the collection planned in ${action.side}`, {});
    const created = await create(action.properties);
    await completeProperties(created, action.properties);
    collections[action.side] = created;
    options.onApplied?.({ action });
  }
  const { record } = options;
  options.status.collection(record.name, {
    idA: record.idA,
    idB: record.idB,
    hrefA: collections.a.info.href,
    hrefB: collections.b.info.href,
  });
  return collections;
}

/**
 * Sets what the storage did not keep of the properties a collection was created with (Xandikos
 * drops a colour given to MKCALENDAR): they are recorded as agreed, so they must be there.
 */
async function completeProperties(collection: Collection, wanted: Properties): Promise<void> {
  if (Object.keys(wanted).length === 0 || !collection.getProperties || !collection.setProperty) return;
  const kept = await collection.getProperties();
  for (const [name, value] of Object.entries(wanted) as [PropertyName, string][]) {
    if (kept[name] !== value) await collection.setProperty(name, value);
  }
}

/**
 * Deletes the emptied collection, if it still is empty (nothing arrived since it was listed),
 * and forgets the mapping.
 */
export async function applyDeletion(
  deletion: readonly DeleteCollection[],
  options: ApplyOptions,
): Promise<{ applied: DeleteCollection[]; failures: ActionFailure[] }> {
  const [action] = deletion;
  const remove = options.changes.deletable?.delete;
  if (action === undefined || remove === undefined) return { applied: [], failures: [] };
  const { href } = options.collections[action.side].info;
  try {
    const listing = await options.collections[action.side].list();
    if (listing.kind !== "full" || listing.items.length > 0) {
      throw new CollectionError(`${href} holds items again; not deleted`, { collection: href });
    }
    await remove();
    options.status.forgetCollection(options.record.key);
    options.onApplied?.({ action });
    return { applied: [action], failures: [] };
  } catch (thrown) {
    const error = classify(thrown, `deleting ${href}`);
    if (error.disposition === "fatal") throw error;
    options.onApplied?.({ action, error });
    return { applied: [], failures: [{ action, error }] };
  }
}
