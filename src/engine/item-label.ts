/**
 * How messages name an item: where the user finds it (a file, a URL) and what they call it (its
 * summary or name), rather than the ident the engine pairs it by.
 * @module
 */
import type { Collection, Href } from "../contract/index.js";
import type { SideItem } from "./types.js";

export interface ItemLabel {
  /** The item's file path or URL; for an item without a place of its own, its collection's. */
  readonly where: string;
  /** Its SUMMARY or FN, when its content was read. */
  readonly title?: string;
}

/** The item's file path or URL, or for an item without a place of its own, its collection's. */
export const locate = (collection: Collection, href: Href): string =>
  collection.locate?.(href) ?? collection.info.href;

/** The label of an item as a side holds it: its place, and its title when it was read. */
export function labelItem(collection: Collection, item: Pick<SideItem, "href" | "title">): ItemLabel {
  const where = locate(collection, item.href);
  return item.title === undefined ? { where } : { where, title: item.title };
}
