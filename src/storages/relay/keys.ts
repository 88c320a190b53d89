/**
 * The relay's key layout, and the checks every key read from a relay passes before it is used:
 * a name made by another place (or anyone with write access to the store) must never reach
 * outside the relay, whatever backend holds it.
 *
 * ```
 * relay.json                    the set of places, the encryption parameters
 * manifests/<n>                 the tree a place joins from (hashes only)
 * places/<place>                what a place has acknowledged, when it last synchronised
 * sets/<place>.<seq>            a change set's index: written last, so visible only when whole
 * blobs/<place>.<seq>/<name>    the contents of the change set's new and changed files
 * ```
 * @module
 */
/** A place's name: letters, digits, `_` and `-`, so it can be part of a key as it is. */
export const placePattern = /^[A-Za-z0-9_-]{1,64}$/;

export const relayKey = "relay.json";
export const manifestKey = (id: number): string => `manifests/${id}`;
export const placeKey = (place: string): string => `places/${place}`;
export const setKey = (id: SetId): string => `sets/${id.place}.${id.seq}`;
export const blobFolder = (id: SetId): string => `blobs/${id.place}.${id.seq}/`;
export const blobKey = (id: SetId, name: string): string => `${blobFolder(id)}${name}`;

/** A change set's name: the place that made it and its number there, from 1. */
export interface SetId {
  readonly place: string;
  readonly seq: number;
}

export const setName = (id: SetId): string => `${id.place}.${id.seq}`;

/** The change set a `sets/` key names, or undefined for anything else found there. */
export function parseSetKey(key: string): SetId | undefined {
  const match = /^sets\/([A-Za-z0-9_-]{1,64})\.([1-9][0-9]{0,14})$/.exec(key);
  return match ? { place: match[1] as string, seq: Number(match[2]) } : undefined;
}

/** The change set whose blob folder holds a `blobs/` key, or undefined for a key of any other shape. */
export function parseBlobFolder(key: string): SetId | undefined {
  const match = /^blobs\/([A-Za-z0-9_-]{1,64})\.([1-9][0-9]{0,14})\/[^/]+$/.exec(key);
  return match ? { place: match[1] as string, seq: Number(match[2]) } : undefined;
}

/** The place a `places/` key names, or undefined. */
export function parsePlaceKey(key: string): string | undefined {
  const match = /^places\/([A-Za-z0-9_-]{1,64})$/.exec(key);
  return match?.[1];
}
