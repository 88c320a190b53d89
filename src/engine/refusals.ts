/**
 * Changes a read-only side refused. Each is reported once: the status remembers what was
 * refused, and a later run that plans the very same refusal (same item, same change) counts it
 * as known, not as news. A refusal that changes (the item was edited again) is reported anew; one
 * that is no longer planned (the edit was undone, the side made writable) is forgotten.
 * @module
 */
import type { Collection } from "../contract/index.js";
import { labelItem } from "./item-label.js";
import type { Refusal } from "./report.js";
import type { CollectionRecord, StatusDb } from "./status.js";
import { type Action, otherSide, type Side, type SideItem } from "./types.js";

type RefusedAction = Extract<Action, { kind: "refused" }>;

export function reportRefusals(input: {
  readonly actions: readonly Action[];
  /** Idents left out of this run (unreadable, duplicated, ignored). */
  readonly skip: ReadonlySet<string>;
  readonly collections: Readonly<Record<Side, Collection>>;
  readonly options: { readonly record: CollectionRecord; readonly status: StatusDb };
}): { refused: Refusal[]; stillRefused: Refusal[] } {
  const { record, status } = input.options;
  const reported = status.refusals(record.key);
  const current = new Map<string, string>();
  const refused: Refusal[] = [];
  const stillRefused: Refusal[] = [];
  for (const action of input.actions) {
    if (action.kind !== "refused") continue;
    const key = refusalKey(action);
    current.set(action.ident, key);
    const [side, item] = itemOf(action);
    (reported.get(action.ident) === key ? stillRefused : refused).push({
      action,
      item: labelItem(input.collections[side], item),
    });
  }
  // Items left out of this run keep what was reported about them.
  status.replaceRefusals(record.key, current, input.skip);
  return { refused, stillRefused };
}

/** What was refused: the same key means the same change to the same item, refused again. */
function refusalKey(action: RefusedAction): string {
  const { side, write } = action;
  const detail = write.kind === "setAttributes" ? JSON.stringify(write.set) : itemOf(action)[1].hash;
  return `${side} ${write.kind} ${detail}`;
}

/** The item a refusal is about: the one changed on the writable side, or the one a deletion would remove. */
function itemOf({ side, write }: RefusedAction): [Side, SideItem] {
  switch (write.kind) {
    case "delete":
      return [side, write.target];
    case "create":
    case "update":
      return [write.from, write.source];
    case "move":
      return [otherSide(write.side), write.source];
    case "setAttributes":
    case "keepBoth":
      return [otherSide(side), write[otherSide(side)]];
  }
}
