/**
 * `setAttributes`: a new mode or modification time for an item whose content stays as it is.
 * @module
 */
import { fstatSync, lstatSync } from "node:fs";
import type { Attributes, Href, Version, Written } from "../../contract/index.js";
import { classify, PreconditionFailedError } from "../../errors/index.js";
import { requireVersion, writtenFrom } from "./entry-state.js";
import { itemPath } from "./item-path.js";
import { openEntry } from "./open-entry.js";
import { applyToFd, applyToLink, wantedAttributes } from "./wanted-attributes.js";
import { existingEntry, type WriteContext } from "./write-context.js";

export async function setItemAttributes(
  context: WriteContext,
  href: Href,
  version: Version | undefined,
  attributes: Attributes,
): Promise<Written> {
  const item = itemPath(context.root, href);
  try {
    const current = await existingEntry(context.root, item, version);
    const wanted = wantedAttributes(attributes, item.path);
    if (wanted.type !== undefined && wanted.type !== current.type) {
      throw new PreconditionFailedError(`${item.path} is a ${current.type}, not a ${wanted.type}`, {
        what: item.path,
      });
    }
    if (current.type === "symlink") {
      applyToLink(item.path, wanted);
      return writtenFrom(href, lstatSync(item.path, { bigint: true }));
    }
    const handle = await openEntry(item.path);
    try {
      // The same check through the handle: what gets the attributes is what was checked.
      requireVersion(fstatSync(handle.fd, { bigint: true }), version, item.path);
      applyToFd(handle.fd, wanted);
      await handle.sync();
      return writtenFrom(href, fstatSync(handle.fd, { bigint: true }));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw classify(error, `setting the attributes of ${item.path}`);
  }
}
