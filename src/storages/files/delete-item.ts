/**
 * `delete`: removes an item still at the version the engine knows, then the folders it leaves
 * empty.
 * @module
 */
import { rmdir, unlink } from "node:fs/promises";
import type { Href, Version } from "../../contract/index.js";
import { classify, PreconditionFailedError } from "../../errors/index.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import { itemPath, type ItemPath } from "./item-path.js";
import { removeEmptyParents } from "./tree-folders.js";
import { existingEntry, type WriteContext } from "./write-context.js";

/** Removes an empty folder item; one that holds entries the listing leaves out stays. */
async function removeFolder(item: ItemPath): Promise<void> {
  try {
    await rmdir(item.path);
  } catch (error) {
    const code = systemErrorCode(error);
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
    throw new PreconditionFailedError(
      `${item.path} holds entries that are not synchronised (ignored or left out); it stays`,
      {
        what: item.path,
      },
    );
  }
}

export async function deleteItem(
  context: WriteContext,
  href: Href,
  version: Version | undefined,
): Promise<void> {
  const item = itemPath(context.root, href);
  try {
    const current = await existingEntry(context.root, item, version);
    if (current.type === "folder") await removeFolder(item);
    else await unlink(item.path);
    context.syncs.add(item.folder);
    context.names.removed(item.folder, item.name);
    await removeEmptyParents(context, item);
  } catch (error) {
    throw classify(error, `deleting ${item.path}`);
  }
}
