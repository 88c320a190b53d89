/**
 * What sync needs to know of an item's content: its kind, the UID that pairs it across storages,
 * and a hash that changes only when the item really does. The content is decoded and parsed once.
 * @module
 */
import { createHash } from "node:crypto";
import { parseComponents } from "./component.js";
import type { Component } from "./component.js";
import { readContentLines } from "./content-line.js";
import { kindOf, mainComponents, titleOf, uidOf } from "./identity.js";
import type { ItemKind } from "./identity.js";
import { normalisedText } from "./normalise.js";
import { ownCopy } from "./own-copy.js";

export interface ItemInfo {
  readonly kind: ItemKind;
  /** The UID of the item's main component (VEVENT/VTODO/VJOURNAL/VCARD...), trimmed; undefined if none. */
  readonly uid: string | undefined;
  /** What pairs items across storages: the UID, or for an item without one "hash:" + hash. */
  readonly ident: string;
  /** Hex SHA-256 of the normalised content. */
  readonly hash: string;
  /** Its SUMMARY or FN, to name the item in messages; undefined if it has none. */
  readonly title: string | undefined;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/** Describes an item of any kind; imperfect or even binary content is described, never rejected. */
export function describeItem(content: Uint8Array): ItemInfo {
  const text = decodeUtf8(content);
  const root = parseComponents(readContentLines(text ?? lenientUtf8.decode(content)));
  // Bytes that are not UTF-8 cannot be normalised safely: two different byte sequences may
  // decode to the same replacement characters. Their own hash keeps them apart.
  const hash = text === undefined ? sha256(content) : sha256(normalisedText(root));
  // The UID is kept for the whole run; as a slice of the decoded text it would keep all of it.
  const found = firstUid(root);
  const uid = found === undefined ? undefined : ownCopy(found);
  const title = mainComponents(root)
    .map(titleOf)
    .find((value) => value !== undefined);
  return {
    kind: kindOf(root),
    uid,
    ident: uid ?? `hash:${hash}`,
    hash,
    title: title === undefined ? undefined : ownCopy(title),
  };
}

/** The item's normalised hash alone; see {@link describeItem}. */
export function normalisedHash(content: Uint8Array): string {
  return describeItem(content).hash;
}

function decodeUtf8(content: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(content);
  } catch {
    return undefined;
  }
}

// Several main components with different UIDs make a malformed item; its first UID is as good an
// identity as any and keeps it paired from one sync to the next.
function firstUid(root: Component): string | undefined {
  for (const component of mainComponents(root)) {
    const uid = uidOf(component);
    if (uid !== undefined) return uid;
  }
  return undefined;
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
