/**
 * `create`: a new file, link or empty folder at an exact path, never replacing anything.
 * @module
 */
import { closeSync, fstatSync, lstatSync, type BigIntStats } from "node:fs";
import { mkdir } from "node:fs/promises";
import type { Attributes, Body, Written } from "../../contract/index.js";
import { classify, InvalidDataError, PreconditionFailedError } from "../../errors/index.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import { writtenFrom } from "./entry-state.js";
import { itemPath, type ItemPath } from "./item-path.js";
import { openEntry } from "./open-entry.js";
import { publishNew } from "./publish.js";
import { linkTarget, makeTempLink, writeTempFile } from "./temp-entry.js";
import { withParents } from "./tree-folders.js";
import { applyToFd, wantedAttributes, type WantedAttributes } from "./wanted-attributes.js";
import { requireFreeName, type WriteContext } from "./write-context.js";

const taken = (item: ItemPath) =>
  new PreconditionFailedError(`${item.path} exists already`, { what: item.path });

async function createFolder(item: ItemPath, wanted: WantedAttributes): Promise<BigIntStats> {
  try {
    await mkdir(item.path);
  } catch (error) {
    if (systemErrorCode(error) === "EEXIST") throw taken(item);
    throw error;
  }
  const handle = await openEntry(item.path);
  try {
    applyToFd(handle.fd, wanted);
    await handle.sync();
    return fstatSync(handle.fd, { bigint: true });
  } finally {
    await handle.close();
  }
}

async function createFile(item: ItemPath, body: Body, wanted: WantedAttributes): Promise<BigIntStats> {
  const temp = await writeTempFile(item.folder, body, wanted, item.path);
  let discarded = false;
  try {
    if (!publishNew(temp.path, item.path)) throw taken(item);
    // Removing the temp name changes the file's ctime, so the fingerprint is read after it.
    discardTemp(temp.path);
    discarded = true;
    return fstatSync(temp.fd, { bigint: true });
  } finally {
    closeSync(temp.fd);
    if (!discarded) discardTemp(temp.path);
  }
}

async function createLink(item: ItemPath, body: Body, wanted: WantedAttributes): Promise<BigIntStats> {
  const temp = makeTempLink(item.folder, await linkTarget(body, item.path), wanted);
  let discarded = false;
  try {
    if (!publishNew(temp, item.path)) throw taken(item);
    discardTemp(temp);
    discarded = true;
    return lstatSync(item.path, { bigint: true });
  } finally {
    if (!discarded) discardTemp(temp);
  }
}

/**
 * Creates the item `name` (an href: a path below the root, a folder's ending in `/`), making the
 * folders on its way. Its type comes from `attributes` (a file when they do not say).
 */
export async function createItem(
  context: WriteContext,
  body: Body,
  name: string,
  attributes: Attributes | undefined,
): Promise<Written> {
  const item = itemPath(context.root, name);
  const wanted = wantedAttributes(attributes, item.path);
  const type = wanted.type ?? (item.isFolder ? "folder" : "file");
  if ((type === "folder") !== item.isFolder) {
    throw new InvalidDataError(
      `${item.path}: only a folder's path ends with "/", and a folder's always does`,
      {
        what: item.path,
      },
    );
  }
  try {
    const stats = await withParents(context, item, async () => {
      await requireFreeName(context, item);
      if (type === "folder") return createFolder(item, wanted);
      if (type === "symlink") return createLink(item, body, wanted);
      return createFile(item, body, wanted);
    });
    context.syncs.add(item.folder);
    context.names.added(item.folder, item.name);
    return writtenFrom(item.href, stats);
  } catch (error) {
    throw classify(error, `creating ${item.path}`);
  }
}
