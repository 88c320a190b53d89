/**
 * Collections renamed on one side since the last sync, found by the id that survives a rename
 * (an IMAP folder's MAILBOXID): renamed on the other side too, keeping their status, rather than
 * deleted there and copied anew under the new name.
 * @module
 */
import type { CollectionId, CollectionInfo } from "../contract/index.js";
import type { DeclaredCollections } from "./mapping.js";
import type { CollectionRecord } from "./status.js";
import { type CollectionAction, otherSide, type Side } from "./types.js";

export interface CollectionRename {
  /** The mapping as the status remembers it, under its old name. */
  readonly record: CollectionRecord;
  /** The collection to rename, on the side where it still has its old name. */
  readonly target: CollectionInfo;
  readonly action: Extract<CollectionAction, { kind: "rename-collection" }>;
}

/**
 * Renames to carry: a mapping named after its collections' shared id (not one a list declares),
 * whose collection on one side is gone under that id and found, by its stable id, under exactly
 * one other; the counterpart is still there under the old id, and the new one is free there.
 */
export function findRenames(
  declared: DeclaredCollections,
  found: Readonly<Record<Side, readonly CollectionInfo[]>>,
  records: readonly CollectionRecord[],
): CollectionRename[] {
  if (declared.kind === "list") return [];
  const has = (side: Side, id: string): boolean => found[side].some((info) => info.id === id);
  const renames: CollectionRename[] = [];
  for (const record of records) {
    if (record.idA !== record.name || record.idB !== record.name) continue;
    for (const side of ["a", "b"] as const) {
      const stable = side === "a" ? record.stableA : record.stableB;
      if (stable === undefined || has(side, record.name)) continue;
      const now = found[side].filter((info) => info.stableId === stable);
      const other = otherSide(side);
      const target = found[other].find((info) => info.id === record.name);
      const renamed = now.length === 1 ? now[0] : undefined;
      if (renamed === undefined || target === undefined || has(other, renamed.id)) continue;
      const to: CollectionId = renamed.id;
      renames.push({
        record,
        target,
        action: {
          kind: "rename-collection",
          side: other,
          from: target.id,
          to,
          why: `renamed in ${side} from ${record.name}`,
        },
      });
    }
  }
  return renames;
}
