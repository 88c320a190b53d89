/**
 * Forgetting what every place has: a change set goes once every place has acknowledged it and no
 * set made without knowing of it is left (a place that takes that one in may need this one's
 * contents for a conflict copy); its index first, so it is never seen without its blobs. Blobs of
 * sets that were never published (a run killed during its upload, whose place has published
 * since) and manifests every place has joined from go too. A relay thus holds what is pending.
 * @module
 */
import { blobFolder, parseBlobFolder, type SetId, setName } from "./keys.js";
import { concurrent } from "./journal.js";
import type { ChangeSet, PlaceRecord } from "./records.js";
import type { RelayStore } from "./relay-store.js";

/** Whether `place` has taken `set` in, by its record. */
export const hasTakenIn = (
  place: string,
  set: ChangeSet,
  records: ReadonlyMap<string, PlaceRecord>,
): boolean => set.place === place || (records.get(place)?.acked[set.place] ?? 0) >= set.seq;

/** The sets that may go now. */
export function collectable(
  sets: readonly ChangeSet[],
  places: readonly string[],
  records: ReadonlyMap<string, PlaceRecord>,
): ChangeSet[] {
  const done = new Set(sets.filter((set) => places.every((place) => hasTakenIn(place, set, records))));
  return [...done].filter((set) => !sets.some((other) => !done.has(other) && concurrent(other, set)));
}

export async function collectGarbage(store: RelayStore): Promise<void> {
  const places = Object.keys(store.relay.places);
  const records = await store.placeRecords();
  const sets: ChangeSet[] = [];
  for (const { id } of await store.sets()) {
    const set = await store.readSet(id);
    if (set) sets.push(set);
  }
  const going = collectable(sets, places, records);
  for (const set of going) await store.backend.remove(`sets/${setName(set)}`);

  // Blob folders of sets gone, or never published by a place that has published later ones.
  const live = new Set(sets.filter((set) => !going.includes(set)).map(setName));
  const published = (place: string): number =>
    Math.max(0, ...[...records.values()].map((record) => record.acked[place] ?? 0));
  const folders = new Map<string, SetId>();
  for (const { key } of await store.backend.list("blobs/")) {
    const blob = parseBlobFolder(key);
    if (blob) folders.set(setName(blob), blob);
  }
  for (const [name, id] of folders) {
    if (!live.has(name) && id.seq <= published(id.place)) await store.backend.removeAll(blobFolder(id));
  }

  const wanted = new Set(
    Object.entries(store.relay.places)
      .filter(([place]) => !records.has(place))
      .map(([, { manifest }]) => `manifests/${manifest}`),
  );
  for (const { key } of await store.backend.list("manifests/")) {
    if (!wanted.has(key)) await store.backend.remove(key);
  }
}
