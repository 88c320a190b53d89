/**
 * Changes a read-only side refused. Each is reported once: the status remembers what was
 * refused, and a later run that plans the very same refusal (same item, same change) counts it
 * as known, not as news. A refusal that changes (the item was edited again) is reported anew; one
 * that is no longer planned (the edit was undone, the side made writable) is forgotten.
 * @module
 */
import type { Collection, Href } from "../storages/storage.js";
import type { Describe, SideView } from "./gather.js";
import { labelItem } from "./item-label.js";
import type { Refusal } from "./report.js";
import type { CollectionRecord, StatusDb } from "./status.js";
import type { Action, Side } from "./types.js";

type RefusedAction = Extract<Action, { kind: "refused" }>;

export function reportRefusals(input: {
  readonly actions: readonly Action[];
  readonly sides: Readonly<Record<Side, SideView>>;
  readonly collections: Readonly<Record<Side, Collection>>;
  readonly options: {
    readonly record: CollectionRecord;
    readonly status: StatusDb;
    readonly describe: Describe;
  };
}): { refused: Refusal[]; stillRefused: Refusal[] } {
  const { record, status, describe } = input.options;
  const reported = status.refusals(record.key);
  const current = new Map<string, string>();
  const refused: Refusal[] = [];
  const stillRefused: Refusal[] = [];
  for (const action of input.actions) {
    if (action.kind !== "refused") continue;
    const key = refusalKey(action);
    current.set(action.ident, key);
    const [side, href] = itemOf(action);
    const item = labelItem(input.collections[side], href, input.sides[side].contents.get(href), describe);
    (reported.get(action.ident) === key ? stillRefused : refused).push({ action, item });
  }
  // Items left out of this run (unreadable, duplicated) keep what was reported about them.
  const skipped = new Set([...input.sides.a.skip, ...input.sides.b.skip]);
  status.replaceRefusals(record.key, current, skipped);
  return { refused, stillRefused };
}

/** What was refused: the same key means the same change to the same item, refused again. */
function refusalKey({ side, write }: RefusedAction): string {
  const hash = write.kind === "delete" ? write.target.hash : write.source.hash;
  return `${side} ${write.kind} ${hash}`;
}

/** The item a refusal is about: the one changed on the writable side, or the one a deletion would remove. */
function itemOf({ side, write }: RefusedAction): [Side, Href] {
  return write.kind === "delete" ? [side, write.target.href] : [write.from, write.source.href];
}
