/**
 * The relay's one collection, for one place: its listing is the journal read on from the place's
 * position (`state`: what it has taken in of each other place's change sets), its writes gather
 * into the change set this place publishes at `flush`, and `acknowledge` records the position on
 * the relay, after which what every place has is forgotten (`gc.ts`).
 * @module
 */
import { extname } from "node:path";
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
import type { Change, ChangeSet, Position } from "./records.js";
import type { RelayStore } from "./relay-store.js";
import { parseState, stateOf } from "./state.js";

export interface RelayCollectionOptions {
  readonly info: CollectionInfo;
  readonly store: () => Promise<RelayStore>;
  readonly place: string;
  readonly storage: string;
  readonly readOnly: boolean;
}

/**
 * What this instance knows of the relay: what its last listing showed, with its own writes since
 * laid over it. Kept across listings, as is the change set its writes gather into.
 */
interface Session {
  readonly store: RelayStore;
  /** The position the last listing brought the place to: the `seen` of its change set. */
  position: Position;
  /** Change sets read, by name: where contents are found. */
  readonly sets: Map<string, ChangeSet>;
  /** Items known, by path: those listed, as this instance's writes left them. */
  readonly entries: Map<string, Entry>;
  /** Paths known to hold nothing: listed as removed, or deleted by this instance. */
  readonly gone: Set<string>;
  readonly pending: PendingSet;
}

export function openRelayCollection(options: RelayCollectionOptions): Collection {
  const { place } = options;
  let session: Session | undefined;
  /** The manifest this place joins from: read once, for the first listing and the baseline both. */
  let joined: Promise<Map<string, Entry>> | undefined;
  const joinedTree = async (): Promise<Map<string, Entry>> =>
    (joined ??= options
      .store()
      .then((store) => manifestEntries(store, place))
      .catch((error: unknown) => {
        joined = undefined; // a failed read is tried again by the next caller
        throw error;
      }));

  async function list(state?: string): Promise<Listing> {
    const read = await readRelay(state);
    session = read.session;
    return read.listing;
  }
  /** The session, listing the relay first when nothing has (a write before any listing). */
  const current = async (): Promise<Session> => (session ??= (await readRelay()).session);
  const writable = async (): Promise<Session> => {
    if (options.readOnly)
      throw new ReadOnlyError(`storage ${options.storage} is read-only`, { storage: options.storage });
    return current();
  };
  /**
   * What `href` holds, refusing a write whose expected version is not that. A path the listing
   * did not show (a delta shows only what changed) is taken to hold what the engine expects.
   */
  const expect = (known: Session, href: Href, version: Version | undefined): Entry | undefined => {
    const expected = entryOfVersion(version);
    const entry = known.entries.get(href);
    if (
      expected !== undefined &&
      (known.gone.has(href) || (entry !== undefined && !sameEntry(entry, expected)))
    ) {
      throw new PreconditionFailedError(`${href} changed on the relay`, { what: href });
    }
    return expected ?? entry;
  };
  const record = (known: Session, change: Change): void => {
    known.pending.add(change);
    laid(known, change);
  };
  const written = (href: string, entry: Entry): Written => ({
    href: asHref(href),
    version: asVersion(versionOf(entry)),
    ...(entry.attributes ? { attributes: entry.attributes } : {}),
  });

  /** The relay as it is now for this place, from `state` on (or whole), with unsent changes laid over. */
  async function readRelay(state?: string): Promise<{ listing: Listing; session: Session }> {
    const store = session?.store ?? (await options.store());
    const listed = await store.sets();
    let pending = session?.pending;
    if (pending === undefined) {
      const records = await store.placeRecords();
      const ownSeqs = [
        ...listed.filter(({ id }) => id.place === place).map(({ id }) => id.seq),
        ...[...records.values()].map((record) => record.acked[place] ?? 0),
      ];
      pending = new PendingSet(store, { place, seq: Math.max(0, ...ownSeqs) + 1 });
    }
    const unsent = [...pending.changes()];
    const from =
      state === undefined ? (store.relay.places[place]?.from ?? {}) : parseState(state, options.storage);
    const fresh = listed.filter(({ id }) => id.place !== place && (from[id.place] ?? 0) < id.seq);
    const open = (position: Position, sets: Map<string, ChangeSet>, entries: Map<string, Entry>) => {
      const opened = { store, position, sets, entries, gone: new Set<string>(), pending };
      for (const change of unsent) laid(opened, change);
      return opened;
    };
    if (state !== undefined && fresh.length === 0 && unsent.length === 0) {
      return {
        listing: { kind: "unchanged", state: stateOf(from) },
        session: open(from, new Map(), new Map()),
      };
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
      const base = new Map(await joinedTree());
      const newOrOwn = [...sets.values()].filter((set) => set.place === place || !takenIn(set, from, place));
      const opened = open(position, sets, folded(base, newOrOwn));
      const items = [...opened.entries].map(([path, entry]) => listedItem(path, entry));
      return { listing: { kind: "full", items, state: stateOf(position) }, session: opened };
    }
    const known = [...sets.values()].filter((set) => takenIn(set, from, place));
    const { changed, removed } = delta(known, newer);
    const opened = open(position, sets, changed);
    for (const path of removed) if (!opened.entries.has(path)) opened.gone.add(path);
    return {
      listing: {
        kind: "delta",
        changed: [...opened.entries].map(([path, entry]) => listedItem(path, entry)),
        removed: [...opened.gone].map(asHref),
        state: stateOf(position),
      },
      session: opened,
    };
  }

  return {
    info: options.info,
    list,

    async baseline(): Promise<readonly BaselineItem[]> {
      const base = await joinedTree();
      return [...base].map(([path, entry]) => ({
        href: asHref(path),
        version: asVersion(versionOf(entry)),
        hash: entry.hash,
        ...(entry.attributes ? { attributes: entry.attributes } : {}),
      }));
    },

    async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
      const known = await current();
      for (const href of hrefs) {
        const entry = known.entries.get(href);
        const holder = entry && holderOf(known, entry.hash);
        if (!entry || !holder) {
          yield {
            href,
            error: new NotFoundError(`${href}: its content is not on the relay`, { what: href }),
          };
          continue;
        }
        const body: Body = {
          size: holder.size,
          open: () => known.store.openBlob(holder.id, entry.hash, holder.size, entry.attributes),
        };
        yield {
          href,
          version: asVersion(versionOf(entry)),
          body,
          ...(entry.attributes ? { attributes: entry.attributes } : {}),
        };
      }
    },

    async create(body: Body, name: string, createOptions?: CreateOptions) {
      const known = await writable();
      const path = freeName(known, name, createOptions?.exact === true);
      const attributes = createOptions?.attributes;
      const hash = await known.pending.store(body, path, attributes);
      const entry = { hash, ...(attributes ? { attributes } : {}) };
      record(known, { path, base: null, ...entry });
      return written(path, entry);
    },

    async update(href: Href, version: Version | undefined, body: Body, attributes?: Attributes) {
      const known = await writable();
      const was = expect(known, href, version);
      // A new content keeps the attributes it had, as a file rewritten keeps its mode.
      const kept = attributes ?? was?.attributes;
      const hash = await known.pending.store(body, href, kept);
      const entry = { hash, ...(kept ? { attributes: kept } : {}) };
      record(known, { path: href, base: was?.hash ?? null, ...entry });
      return written(href, entry);
    },

    async delete(href: Href, version: Version | undefined) {
      const known = await writable();
      const was = expect(known, href, version);
      record(known, { path: href, base: was?.hash ?? null, hash: null });
    },

    async move(href: Href, version: Version | undefined, to: string) {
      const known = await writable();
      const was = expect(known, href, version);
      if (was === undefined)
        throw new PreconditionFailedError(`${href}: not known on the relay`, { what: href });
      freeName(known, to, true);
      record(known, { path: href, base: was.hash, hash: null });
      record(known, { path: to, base: null, ...was });
      return written(to, was);
    },

    async setAttributes(href: Href, version: Version | undefined, attributes: Attributes) {
      const known = await writable();
      const was = expect(known, href, version);
      if (was === undefined)
        throw new PreconditionFailedError(`${href}: not known on the relay`, { what: href });
      record(known, { path: href, base: was.hash, hash: was.hash, attributes });
      return written(href, { hash: was.hash, attributes });
    },

    async flush() {
      if (session === undefined) return;
      const published = await session.pending.publish(session.position);
      if (published) session.sets.set(setName(published), published);
    },

    async acknowledge(state: string) {
      const { store, pending } = await current();
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

/** Lays a change of this instance over what it knows. */
function laid(known: Session, change: Change): void {
  if (change.hash === null) {
    known.entries.delete(change.path);
    known.gone.add(change.path);
  } else {
    known.entries.set(change.path, {
      hash: change.hash,
      ...(change.attributes ? { attributes: change.attributes } : {}),
    });
    known.gone.delete(change.path);
  }
}

/** The change set holding a content, and its size: this run's own unsent set, or one listed. */
function holderOf(known: Session, hash: string): { id: SetId; size: number } | undefined {
  const unsent = known.pending.sizeOf(hash);
  if (unsent !== undefined) return { id: known.pending.setId, size: unsent };
  for (const set of known.sets.values()) {
    const size = set.blobs[hash];
    if (size !== undefined) return { id: set, size };
  }
  return undefined;
}

/**
 * The path a creation may use: `name` when no known item holds it; otherwise, for a suggested
 * name, the first of `name-2`, `name-3`… (before its extension) that is free, and for an exact
 * one a PreconditionFailedError.
 */
function freeName(known: Session, name: string, exact: boolean): string {
  if (!known.entries.has(name)) return name;
  if (exact) throw new PreconditionFailedError(`${name} exists on the relay`, { what: name });
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${extension}`;
    if (!known.entries.has(candidate)) return candidate;
  }
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
