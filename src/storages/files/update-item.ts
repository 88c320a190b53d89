/**
 * `update`: new content for a file or link that is still at the version the engine read.
 *
 * The new content is written in full under a temp name first; the version is checked once more
 * just before `rename` puts it in place, so that a file edited meanwhile by someone else is never
 * overwritten. (Check and rename are two system calls: a change between them is the one race a
 * folder cannot close.) A file may become a link and a link a file: `rename` replaces either with
 * either. A folder's href ends in `/` and a file's does not, so neither ever becomes a folder
 * here; a folder's `update` changes its attributes alone.
 * @module
 */
import { closeSync, fstatSync, lstatSync, renameSync, type BigIntStats } from "node:fs";
import type { Attributes, Body, Href, Version, Written } from "../../contract/index.js";
import { classify, InvalidDataError } from "../../errors/index.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { writtenFrom } from "./entry-state.js";
import { itemPath, type ItemPath } from "./item-path.js";
import { setItemAttributes } from "./set-attributes.js";
import { linkTarget, makeTempLink, writeTempFile } from "./temp-entry.js";
import { wantedAttributes, type WantedAttributes } from "./wanted-attributes.js";
import { existingEntry, type WriteContext } from "./write-context.js";

async function replaceWithFile(
  root: string,
  item: ItemPath,
  version: Version | undefined,
  body: Body,
  wanted: WantedAttributes,
): Promise<BigIntStats> {
  const temp = await writeTempFile(item.folder, body, wanted, item.path);
  let renamed = false;
  try {
    await existingEntry(root, item, version);
    renameSync(temp.path, item.path);
    renamed = true;
    // rename changes the file's ctime: the fingerprint is read after it, through the descriptor.
    return fstatSync(temp.fd, { bigint: true });
  } finally {
    closeSync(temp.fd);
    // The rename took the temp name away; before it, the temp file is left over and goes.
    if (!renamed) discardTemp(temp.path);
  }
}

async function replaceWithLink(
  root: string,
  item: ItemPath,
  version: Version | undefined,
  body: Body,
  wanted: WantedAttributes,
): Promise<BigIntStats> {
  const temp = makeTempLink(item.folder, await linkTarget(body, item.path), wanted);
  let renamed = false;
  try {
    await existingEntry(root, item, version);
    renameSync(temp, item.path);
    renamed = true;
    return lstatSync(item.path, { bigint: true });
  } finally {
    if (!renamed) discardTemp(temp);
  }
}

export async function updateItem(
  context: WriteContext,
  href: Href,
  version: Version | undefined,
  body: Body,
  attributes: Attributes | undefined,
): Promise<Written> {
  const item = itemPath(context.root, href);
  if (item.isFolder) return setItemAttributes(context, href, version, attributes ?? {});
  try {
    // Checked before writing as well, so that a stale version costs no copy of a large file.
    const current = await existingEntry(context.root, item, version);
    const asked = wantedAttributes(attributes, item.path);
    if (asked.type === "folder") {
      throw new InvalidDataError(`${item.path}: only a folder's path ends with "/"`, { what: item.path });
    }
    // New content is no reason to lose the executable bit: a mode not asked for stays as it is.
    const wanted = { ...asked, mode: asked.mode ?? Number(current.stats.mode & 0o7777n) };
    const stats =
      (asked.type ?? current.type) === "symlink"
        ? await replaceWithLink(context.root, item, version, body, wanted)
        : await replaceWithFile(context.root, item, version, body, wanted);
    context.syncs.add(item.folder);
    return writtenFrom(href, stats);
  } catch (error) {
    throw classify(error, `updating ${item.path}`);
  }
}
