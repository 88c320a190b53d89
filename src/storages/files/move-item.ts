/**
 * `move`: gives an item another path without copying its content, never replacing what has that
 * path, and removes the folders the move leaves empty.
 * @module
 */
import { lstatSync, renameSync, type BigIntStats } from "node:fs";
import { mkdir, rmdir } from "node:fs/promises";
import type { Href, Version, Written } from "../../contract/index.js";
import { classify, InvalidDataError, PreconditionFailedError } from "../../errors/index.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import { writtenFrom } from "./entry-state.js";
import { foldName, itemPath, type ItemPath } from "./item-path.js";
import { openEntry } from "./open-entry.js";
import { dropOldName, publishNew } from "./publish.js";
import { removeEmptyParents, withParents } from "./tree-folders.js";
import { applyToFd } from "./wanted-attributes.js";
import { existingEntry, requireFreeName, type WriteContext } from "./write-context.js";

const taken = (item: ItemPath) =>
  new PreconditionFailedError(`${item.path} exists already`, { what: item.path });

/**
 * A file or link: a second name by `link`, which fails on a taken name, then the first name
 * removed. A change of case alone (`readme` → `README`) is a `rename`: on a disk that ignores case
 * the new name is the old one, which `link` would find taken; that the new name is free was
 * checked by reading the folder's names.
 */
function moveEntry(from: ItemPath, to: ItemPath): void {
  const caseOnly = from.folder === to.folder && foldName(from.name) === foldName(to.name);
  if (caseOnly) renameSync(from.path, to.path);
  else if (!publishNew(from.path, to.path)) throw taken(to);
  else dropOldName(from.path);
}

/**
 * An empty folder: made anew at `to` (`mkdir` fails on a taken name, where `rename` would replace
 * an empty folder there) with the old one's mode and time, then the old one removed. Should the
 * old one have gained an entry meanwhile, it stays and the new one goes.
 */
async function moveFolder(from: ItemPath, to: ItemPath, stats: BigIntStats): Promise<void> {
  try {
    await mkdir(to.path);
  } catch (error) {
    if (systemErrorCode(error) === "EEXIST") throw taken(to);
    throw error;
  }
  const handle = await openEntry(to.path);
  try {
    applyToFd(handle.fd, { mode: Number(stats.mode & 0o7777n), mtime: stats.mtimeNs });
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rmdir(from.path);
  } catch (error) {
    await rmdir(to.path);
    if (systemErrorCode(error) === "ENOTEMPTY") {
      throw new PreconditionFailedError(`${from.path} changed since it was listed`, { what: from.path });
    }
    throw error;
  }
}

export async function moveItem(
  context: WriteContext,
  href: Href,
  version: Version | undefined,
  destination: string,
): Promise<Written> {
  const from = itemPath(context.root, href);
  const to = itemPath(context.root, destination);
  if (from.isFolder !== to.isFolder) {
    throw new InvalidDataError(`cannot move ${from.path} to ${to.path}: only a folder's path ends with "/"`, {
      what: to.path,
    });
  }
  try {
    const current = await existingEntry(context.root, from, version);
    const stats = await withParents(context, to, async () => {
      await requireFreeName(context, to, from);
      if (current.type === "folder") await moveFolder(from, to, current.stats);
      else moveEntry(from, to);
      return lstatSync(to.path, { bigint: true });
    });
    context.syncs.add(from.folder);
    context.syncs.add(to.folder);
    context.names.removed(from.folder, from.name);
    context.names.added(to.folder, to.name);
    await removeEmptyParents(context, from);
    return writtenFrom(to.href, stats);
  } catch (error) {
    throw classify(error, `moving ${from.path} to ${to.path}`);
  }
}
