/**
 * The relay's one collection, for one place: its listing is the journal read on from the place's
 * position (`state`: what it has taken in of each other place's change sets), its writes gather
 * into the change set this place publishes at `flush`, and `acknowledge` records the position on
 * the relay, after which what every place has is forgotten (`gc.ts`).
 * @module
 */
import {
  type Attributes,
  asHref,
  asVersion,
  type BaselineItem,
  type Body,
  type Collection,
  type CollectionInfo,
  type CreateOptions,
  type Fetched,
  type Href,
  type Listing,
  type Version,
  type Written,
} from "../../contract/index.js";
import { NotFoundError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import { collectGarbage } from "./gc.js";
import { delta, type Entry, entryOfVersion, folded, sameEntry, takenIn, versionOf } from "./journal.js";
import { type SetId, setName } from "./keys.js";
import { PendingSet } from "./pending-set.js";
import type { ChangeSet, Position } from "./records.js";
import type { RelayStore } from "./relay-store.js";
import { parseState, stateOf } from "./state.js";

export interface RelayCollectionOptions {
  readonly info: CollectionInfo;
  readonly store: () => Promise<RelayStore>;
  readonly place: string;
  readonly storage: string;
  readonly readOnly: boolean;
}

/** What a listing learned, for the reads and writes that follow it in the same run. */
interface Session {
  readonly store: RelayStore;
  /** The position the listing brought the place to: the `seen` of its change set. */
  readonly position: Position;
  /** Change sets read, by name: where contents are found. */
  readonly sets: Map<string, ChangeSet>;
  /** Items the listing showed, by path. */
  readonly entries: Map<string, Entry>;
  readonly pending: PendingSet;
}

export function openRelayCollection(options: RelayCollectionOptions): Collection {
  const { place } = options;
  let session: Session | undefined;

  const current = (): Session => {
    if (session === undefined) throw new Error("the relay was written to before it was listed");
    return session;
  };
  const writable = (): Session => {
    if (options.readOnly)
      throw new ReadOnlyError(`storage ${options.storage} is read-only`, { storage: options.storage });
    return current();
  };
  /** Refuses a write whose expected version is not what this run knows the path to hold. */
  const expect = (href: Href, version: Version | undefined): Entry | undefined => {
    const { entries } = current();
    const expected = entryOfVersion(version);
    const known = entries.get(href);
    if (known !== undefined && expected !== undefined && !sameEntry(known, expected)) {
      throw new PreconditionFailedError(`${href} changed on the relay`, { what: href });
    }
    return expected ?? known;
  };
  const written = (href: string, entry: Entry): Written => {
    current().entries.set(href, entry);
    return {
      href: asHref(href),
      version: asVersion(versionOf(entry)),
      ...(entry.attributes ? { attributes: entry.attributes } : {}),
    };
  };

  return {
    info: options.info,

    async list(state?: string): Promise<Listing> {
      const store = await options.store();
      const listed = await store.sets();
      const records = await store.placeRecords();
      const ownSeqs = [
        ...listed.filter(({ id }) => id.place === place).map(({ id }) => id.seq),
        ...[...records.values()].map((record) => record.acked[place] ?? 0),
      ];
      const pending = new PendingSet(store, { place, seq: Math.max(0, ...ownSeqs) + 1 });
      const from =
        state === undefined ? (store.relay.places[place]?.from ?? {}) : parseState(state, options.storage);
      const fresh = listed.filter(({ id }) => id.place !== place && (from[id.place] ?? 0) < id.seq);
      if (state !== undefined && fresh.length === 0) {
        session = { store, position: from, sets: new Map(), entries: new Map(), pending };
        return { kind: "unchanged", state: stateOf(from) };
      }
      const sets = new Map<string, ChangeSet>();
      for (const { id } of listed) {
        const set = await store.readSet(id);
        if (set) sets.set(setName(set), set);
      }
      const position = { ...from };
      for (const { id } of fresh) position[id.place] = Math.max(position[id.place] ?? 0, id.seq);
      const newer = [...sets.values()].filter((set) => !takenIn(set, from, place));
      if (state === undefined) {
        // The first listing: the tree this place joined from, with every change set since.
        const base = await manifestEntries(store, place);
        const newOrOwn = [...sets.values()].filter(
          (set) => set.place === place || !takenIn(set, from, place),
        );
        const entries = folded(base, newOrOwn);
        session = { store, position, sets, entries, pending };
        return {
          kind: "full",
          items: [...entries].map(([path, entry]) => listedItem(path, entry)),
          state: stateOf(position),
        };
      }
      const known = [...sets.values()].filter((set) => takenIn(set, from, place));
      const { changed, removed } = delta(known, newer);
      session = { store, position, sets, entries: changed, pending };
      return {
        kind: "delta",
        changed: [...changed].map(([path, entry]) => listedItem(path, entry)),
        removed: [...removed].map(asHref),
        state: stateOf(position),
      };
    },

    async baseline(): Promise<readonly BaselineItem[]> {
      const base = await manifestEntries(await options.store(), place);
      return [...base].map(([path, entry]) => ({
        href: asHref(path),
        version: asVersion(versionOf(entry)),
        hash: entry.hash,
        ...(entry.attributes ? { attributes: entry.attributes } : {}),
      }));
    },

    async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
      const { store, sets, entries } = current();
      for (const href of hrefs) {
        const entry = entries.get(href);
        const holder = entry && [...sets.values()].find((set) => entry.hash in set.blobs);
        if (!entry || !holder) {
          yield {
            href,
            error: new NotFoundError(`${href}: its content is not on the relay`, { what: href }),
          };
          continue;
        }
        const id: SetId = holder;
        const size = holder.blobs[entry.hash] ?? 0;
        const body: Body = { size, open: () => store.openBlob(id, entry.hash, size, entry.attributes) };
        yield {
          href,
          version: asVersion(versionOf(entry)),
          body,
          ...(entry.attributes ? { attributes: entry.attributes } : {}),
        };
      }
    },

    async create(body: Body, name: string, createOptions?: CreateOptions) {
      const { pending } = writable();
      const attributes = createOptions?.attributes;
      const hash = await pending.store(body, name, attributes);
      pending.add({ path: name, base: null, hash, ...(attributes ? { attributes } : {}) });
      return written(name, { hash, ...(attributes ? { attributes } : {}) });
    },

    async update(href: Href, version: Version | undefined, body: Body, attributes?: Attributes) {
      const { pending } = writable();
      const was = expect(href, version);
      const hash = await pending.store(body, href, attributes);
      pending.add({ path: href, base: was?.hash ?? null, hash, ...(attributes ? { attributes } : {}) });
      return written(href, { hash, ...(attributes ? { attributes } : {}) });
    },

    async delete(href: Href, version: Version | undefined) {
      const { pending, entries } = writable();
      const was = expect(href, version);
      pending.add({ path: href, base: was?.hash ?? null, hash: null });
      entries.delete(href);
    },

    async move(href: Href, version: Version | undefined, to: string) {
      const { pending, entries } = writable();
      const was = expect(href, version);
      if (was === undefined)
        throw new PreconditionFailedError(`${href}: not known on the relay`, { what: href });
      pending.add({ path: href, base: was.hash, hash: null });
      pending.add({
        path: to,
        base: null,
        hash: was.hash,
        ...(was.attributes ? { attributes: was.attributes } : {}),
      });
      entries.delete(href);
      return written(to, was);
    },

    async setAttributes(href: Href, version: Version | undefined, attributes: Attributes) {
      const { pending } = writable();
      const was = expect(href, version);
      if (was === undefined)
        throw new PreconditionFailedError(`${href}: not known on the relay`, { what: href });
      pending.add({ path: href, base: was.hash, hash: was.hash, attributes });
      return written(href, { hash: was.hash, attributes });
    },

    async flush() {
      if (session === undefined) return;
      await session.pending.publish(session.position);
    },

    async acknowledge(state: string) {
      const { store, pending } = current();
      const position = parseState(state, options.storage);
      await store.writePlaceRecord(place, {
        acked: { ...position, [place]: pending.lastPublished() },
        syncedAt: Date.now(),
      });
      await collectGarbage(store);
    },

    locate: (href: Href) => `${options.storage}:${href}`,
  } satisfies Collection;
}

function listedItem(path: string, entry: Entry) {
  return {
    href: asHref(path),
    version: asVersion(versionOf(entry)),
    hash: entry.hash,
    ...(entry.attributes ? { attributes: entry.attributes } : {}),
  };
}

/** The manifest this place joins from, by path. */
async function manifestEntries(store: RelayStore, place: string): Promise<Map<string, Entry>> {
  const joining = store.relay.places[place];
  const manifest = joining === undefined ? undefined : await store.readManifest(joining.manifest);
  const entries = new Map<string, Entry>();
  for (const { path, hash, attributes } of manifest?.items ?? []) {
    entries.set(path, { hash, ...(attributes ? { attributes } : {}) });
  }
  return entries;
}
