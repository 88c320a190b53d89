/**
 * A page of ListObjectsV2, and the relay keys its object keys stand for. Every key comes from the
 * server and is checked before it is used: one outside the prefix asked for, or with a part that
 * could step outside the relay, is refused.
 * @module
 */
import { InvalidDataError } from "../../../../errors/index.js";
import type { StoredObject } from "../backend.js";
import { keySegments } from "../relay-key.js";
import { child, childrenNamed, childText, type XmlElement } from "./xml.js";

export interface ListPage {
  /** The objects, by whole key (the configured prefix included). */
  readonly objects: readonly StoredObject[];
  /** The continuation token of the next page, if there is one. */
  readonly next?: string;
}

/** @param url the page's URL, for messages */
export function listPage(root: XmlElement, url: string): ListPage {
  const bad = (what: string): InvalidDataError =>
    new InvalidDataError(`${url}: not a listing S3 sends (${what})`, { what: url });
  if (root.name !== "ListBucketResult") throw bad(`<${root.name}>`);
  const objects = childrenNamed(root, "Contents").map((contents) => {
    const key = childText(contents, "Key");
    const size = Number(child(contents, "Size")?.text ?? Number.NaN);
    if (key === undefined || !Number.isSafeInteger(size) || size < 0)
      throw bad("an object without key or size");
    return { key, size };
  });
  if (childText(root, "IsTruncated") !== "true") return { objects };
  const next = childText(root, "NextContinuationToken");
  if (!next) throw bad("truncated without a continuation token");
  return { objects, next };
}

/**
 * The relay key of a listed object, or undefined for a "folder" (an empty object whose key ends in
 * `/`, which S3 consoles make to show an empty folder), which holds nothing of the relay.
 * @param prefix the configured prefix
 * @param asked the prefix the listing asked for (the configured one included)
 * @param where the relay, for messages
 * @throws InvalidDataError for a key outside `asked` or with an empty, `.` or `..` part
 */
export function relayKeyOf(
  object: StoredObject,
  prefix: string,
  asked: string,
  where: string,
): string | undefined {
  if (!object.key.startsWith(asked)) {
    throw new InvalidDataError(
      `${where}: the server listed ${JSON.stringify(object.key)}, which is not under ${JSON.stringify(asked)}`,
      {
        what: object.key,
      },
    );
  }
  const key = object.key.slice(prefix.length);
  if ((key === "" || key.endsWith("/")) && object.size === 0) return undefined;
  keySegments(key, where);
  return key;
}
