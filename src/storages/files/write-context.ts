/**
 * What every write of a files storage needs to know, and the checks they share before they touch
 * anything.
 * @module
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import type { BigIntStats } from "node:fs";
import type { Version } from "../../contract/index.js";
import { InvalidDataError, NotFoundError } from "../../errors/index.js";
import type { FileType } from "../../models/file.js";
import { requireVersion, typeOf } from "./entry-state.js";
import { nameTaken, type FolderNames } from "./folder-names.js";
import type { FolderSyncs } from "./folder-syncs.js";
import type { IgnoreRules } from "./ignore-rules.js";
import type { ItemPath } from "./item-path.js";
import { requireParents } from "./tree-folders.js";

export interface WriteContext {
  readonly root: string;
  readonly syncs: FolderSyncs;
  readonly names: FolderNames;
  /** The rules of the latest listing (or of now, before the first one). */
  ignoreRules(): IgnoreRules;
}

/** An item as it is on disk. */
export interface Existing {
  readonly stats: BigIntStats;
  readonly type: FileType;
}

/**
 * The entry `item` names, if it is still at `version`. NotFoundError when it is gone or is no
 * longer what the href says (a file where a folder was); PreconditionFailedError when it changed.
 */
export async function existingEntry(
  root: string,
  item: ItemPath,
  version: Version | undefined,
): Promise<Existing> {
  await requireParents(root, item);
  const stats = lstatSync(item.path, { bigint: true });
  const type = typeOf(stats);
  if (type === undefined || (type === "folder") !== item.isFolder) {
    throw new NotFoundError(`${item.path} is no longer ${item.isFolder ? "a folder" : "a file or link"}`, {
      what: item.path,
    });
  }
  requireVersion(stats, version, item.path);
  return { stats, type };
}

/**
 * Fails unless an entry may be made at `item`, whose folder exists: the listing would show it
 * (no ignore rule covers it), and its folder holds no entry of that name, nor one that is the
 * same name on a disk that ignores case or Unicode normalisation. `renaming` is the entry a move
 * renames, which may differ from the new name in case alone.
 */
export async function requireFreeName(
  context: WriteContext,
  item: ItemPath,
  renaming?: ItemPath,
): Promise<void> {
  // An entry made where this side's rules ignore it would be missing from the next listing, and
  // read as deleted here: the deletion would then reach the side it came from.
  if (context.ignoreRules().ignores([...item.parents, item.name].join("/"), item.isFolder)) {
    throw new InvalidDataError(
      `${item.path} is ignored here (by the storage's ignore patterns or .concordignore)`,
      {
        what: item.path,
      },
    );
  }
  const renamed = renaming?.folder === item.folder ? renaming.name : undefined;
  const other = await context.names.conflictWith(item.folder, item.name, renamed);
  if (other !== undefined) throw nameTaken(item.path, join(item.folder, other));
}
