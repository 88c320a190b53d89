/**
 * Bases: the content of an item as both sides last agreed on it, kept in the status database for
 * items whose model can merge (`ItemModel.merge`: calendars and contacts), so that a later
 * conflict can be merged three ways (`conflict_resolution = "merge"`) and `concord resolve` can
 * show what each side changed. Files and mail keep none and pay nothing.
 *
 * A base is written with the status row of a write, from the content the executor holds then (it
 * reads nothing for it), deflated: events and contacts shrink to a third or a half. An item
 * larger than `baseSizeLimit` keeps none; its conflicts are reported as they would be without a
 * merge.
 * @module
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { StatusChange, StatusDb } from "./status.js";

/** The largest content kept as a base: a contact with a photo fits, a calendar of years does not. */
export const baseSizeLimit = 256 * 1024;

/** The change that keeps `content` (whose hash is `hash`) as the base of the row `ident`, if it fits. */
export function baseChange(ident: string, hash: string, content: Uint8Array): StatusChange[] {
  if (content.byteLength > baseSizeLimit) return [];
  // The fastest level: on events of 1 kB it packs within 2% of the default level in half the time.
  return [{ kind: "base", ident, base: { hash, packed: deflateRawSync(content, { level: 1 }) } }];
}

/**
 * The base of an item when it is the version whose hash is `hash` (the status row's): a base
 * left from another version, or none, is undefined.
 */
export function readBase(
  status: StatusDb,
  collection: number,
  ident: string,
  hash: string,
): Uint8Array | undefined {
  const stored = status.base(collection, ident);
  return stored?.hash === hash ? inflateRawSync(stored.packed) : undefined;
}
