/**
 * How messages name an item: where the user finds it (a file, a URL) and what they call it (its
 * summary or name), rather than the ident the engine pairs it by.
 * @module
 */
import type { Collection, Href } from "../storages/storage.js";
import type { Describe } from "./gather.js";

export interface ItemLabel {
  /** The item's file path or URL; for an item without a place of its own, its collection's. */
  readonly where: string;
  /** Its SUMMARY or FN, when its content was read. */
  readonly title?: string;
}

/** The item's file path or URL, or for an item without a place of its own, its collection's. */
export const locate = (collection: Collection, href: Href): string =>
  collection.locate?.(href) ?? collection.info.href;

export function labelItem(
  collection: Collection,
  href: Href,
  content: Uint8Array | undefined,
  describe: Describe,
): ItemLabel {
  const where = locate(collection, href);
  const title = content === undefined ? undefined : titleOf(content, describe);
  return title === undefined ? { where } : { where, title };
}

function titleOf(content: Uint8Array, describe: Describe): string | undefined {
  try {
    return describe(content).title;
  } catch {
    return undefined; // content that cannot be described is named by its place alone
  }
}
