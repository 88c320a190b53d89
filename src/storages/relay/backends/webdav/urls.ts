/**
 * Where a relay key lives on a WebDAV share: below the relay's collection URL, each segment
 * percent-encoded on its own, so that a `:`, `?`, `#`, `%` or a space in a name stays part of it.
 * @module
 */
import { keySegments } from "../relay-key.js";

/** The URL of the object `key` below `base`, the relay's collection (its path ends in `/`). */
export function objectUrl(base: URL, key: string): URL {
  return new URL(keySegments(key, base.href).map(encodeURIComponent).join("/"), base);
}

/** The URL of the collection `folder` (`""`, the relay's own, or a prefix ending in `/`). */
export function collectionUrl(base: URL, folder: string): URL {
  return folder === "" ? new URL(base) : new URL(`${objectUrl(base, folder.slice(0, -1)).href}/`);
}

/** The folders a key lies in below the relay's own, from the top down: `a/b/c` is in `a/`, `a/b/`. */
export function foldersOf(key: string): string[] {
  const parts = key.split("/").slice(0, -1);
  return parts.map((_, index) => `${parts.slice(0, index + 1).join("/")}/`);
}
