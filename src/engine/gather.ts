/**
 * Listing and fetching: what one side holds now, by ident. The I/O half of planning.
 *
 * An item whose href and version match the status is known without reading it; only new and
 * changed items are fetched, in batches, to learn their ident and hash.
 * @module
 */
import { classify, InvalidDataError, NotFoundError } from "../errors/index.js";
import type { Collection, Fetched, Href, ListedItem, Version } from "../storages/storage.js";
import { locate } from "./item-label.js";
import type { Side, SideItem, StatusRow } from "./types.js";

/**
 * Tells what an item is: the ident that pairs it across storages, its content hash, and what a
 * person calls it (for messages).
 */
export type Describe = (content: Uint8Array) => {
  readonly ident: string;
  readonly hash: string;
  readonly title?: string | undefined;
};

export interface ItemFailure {
  readonly side: Side;
  readonly href: Href;
  readonly ident: string | undefined;
  /** Where the user finds the item. */
  readonly where: string;
  readonly error: Error;
}

export interface Duplicate {
  readonly side: Side;
  readonly ident: string;
  readonly hrefs: readonly Href[];
  /** Where the user finds each of them, in the order of `hrefs`. */
  readonly where: readonly string[];
}

export interface SideView {
  readonly items: Map<string, SideItem>;
  /** The content of every item fetched while gathering, by href. */
  readonly contents: Map<Href, Uint8Array>;
  readonly failures: ItemFailure[];
  readonly duplicates: Duplicate[];
  /** Idents that must not be touched: unreadable or duplicated here. */
  readonly skip: Set<string>;
  /** Some item could not be read, so an absent ident may still exist here. */
  readonly incomplete: boolean;
  /** The listing's state to store when the run ends clean. */
  readonly state: string | undefined;
  /** How many items had to be fetched. */
  readonly fetched: number;
}

export interface GatherOptions {
  readonly side: Side;
  readonly collection: Collection;
  readonly status: ReadonlyMap<string, StatusRow>;
  readonly storedState: string | undefined;
  readonly describe: Describe;
  readonly fetchBatchSize: number;
  /** Batches in flight at once. */
  readonly fetchConcurrency?: number;
}

export async function gatherSide(options: GatherOptions): Promise<SideView> {
  const { side, collection, status } = options;
  const byHref = new Map<Href, StatusRow>();
  for (const row of status.values()) {
    const at = row[side];
    if (at) byHref.set(at.href, row);
  }
  const items = new Map<string, SideItem>();
  const hrefsByIdent = new Map<string, Href[]>();
  const add = (ident: string, item: SideItem): void => {
    items.set(ident, item);
    const hrefs = hrefsByIdent.get(ident);
    if (hrefs) hrefs.push(item.href);
    else hrefsByIdent.set(ident, [item.href]);
  };

  const contents = new Map<Href, Uint8Array>();
  const failures: ItemFailure[] = [];
  const where = (href: Href): string => locate(collection, href);
  const fail = (href: Href, error: Error): void => {
    failures.push({ side, href, ident: byHref.get(href)?.ident, where: where(href), error });
  };
  const onFetched = (fetched: Fetched): void => {
    if ("error" in fetched) {
      // Gone between listing and fetching: simply absent. Anything else: unreadable this run.
      if (!(fetched.error instanceof NotFoundError)) fail(fetched.href, fetched.error);
      return;
    }
    try {
      const { ident, hash } = options.describe(fetched.content);
      contents.set(fetched.href, fetched.content);
      add(ident, { href: fetched.href, version: fetched.version, hash });
    } catch (error) {
      fail(fetched.href, classify(error, `reading ${where(fetched.href)}`));
    }
  };

  // Never listed and nothing known: everything must be read, and reading it all at once is the
  // cheapest listing there is.
  if (collection.readAll && byHref.size === 0 && options.storedState === undefined) {
    const whole = await collection.readAll();
    let fetchedCount = 0;
    for await (const fetched of whole.items) {
      fetchedCount++;
      onFetched(fetched);
    }
    return sideView({
      side,
      items,
      contents,
      failures,
      hrefsByIdent,
      where,
      state: whole.state,
      fetched: fetchedCount,
    });
  }

  // A delta listing completes the picture from the status, which needs every version known.
  const canUseState = [...byHref.values()].every((row) => row[side]?.version !== undefined);
  const { listed, state } = await currentListing(
    collection,
    side,
    byHref,
    canUseState ? options.storedState : undefined,
  );
  const toFetch: Href[] = [];
  for (const [href, version] of listed) {
    const row = byHref.get(href);
    if (row && row[side]?.version === version) add(row.ident, { href, version, hash: row.hash });
    else toFetch.push(href);
  }
  await fetchChanged(collection, toFetch, listed.size, options, onFetched);
  return sideView({
    side,
    items,
    contents,
    failures,
    hrefsByIdent,
    where,
    state,
    fetched: toFetch.length,
  });
}

/** Sets aside idents held twice and those of unreadable items, which must not be touched. */
function sideView(gathered: {
  side: Side;
  items: Map<string, SideItem>;
  contents: Map<Href, Uint8Array>;
  failures: ItemFailure[];
  hrefsByIdent: ReadonlyMap<string, Href[]>;
  where: (href: Href) => string;
  state: string | undefined;
  fetched: number;
}): SideView {
  const { side, items, failures, hrefsByIdent, where } = gathered;
  const duplicates: Duplicate[] = [];
  const skip = new Set<string>();
  for (const [ident, hrefs] of hrefsByIdent) {
    if (hrefs.length > 1) {
      duplicates.push({ side, ident, hrefs, where: hrefs.map(where) });
      skip.add(ident);
      items.delete(ident);
    }
  }
  for (const failure of failures) if (failure.ident !== undefined) skip.add(failure.ident);

  return {
    items,
    contents: gathered.contents,
    failures,
    duplicates,
    skip,
    incomplete: failures.length > 0,
    state: gathered.state,
    fetched: gathered.fetched,
  };
}

/** The side's items as href → version, from a full listing or the status plus a delta. */
async function currentListing(
  collection: Collection,
  side: Side,
  byHref: ReadonlyMap<Href, StatusRow>,
  storedState: string | undefined,
): Promise<{ listed: Map<Href, Version>; state: string | undefined }> {
  const listing = await collection.list(storedState);
  if (listing.kind === "full") {
    return {
      listed: new Map(listing.items.map((item: ListedItem) => [item.href, item.version])),
      state: listing.state,
    };
  }
  // Without a full listing the status is the picture; its versions are all known (see above).
  const listed = new Map<Href, Version>();
  for (const [href, row] of byHref) listed.set(href, row[side]?.version as Version);
  if (listing.kind === "delta") {
    for (const href of listing.removed) listed.delete(href);
    for (const item of listing.changed) listed.set(item.href, item.version);
  }
  return { listed, state: listing.state };
}

/**
 * Fetches the items in `hrefs`: all at once where the storage can and most of the collection is
 * wanted anyway, else in batches. Whatever the all-at-once read missed (an item added since the
 * listing) is fetched by href.
 */
async function fetchChanged(
  collection: Collection,
  hrefs: readonly Href[],
  listedCount: number,
  options: GatherOptions,
  onItem: (fetched: Fetched) => void,
): Promise<void> {
  const worthReadingAll = hrefs.length > options.fetchBatchSize && hrefs.length * 2 > listedCount;
  if (!collection.readAll || !worthReadingAll) return fetchInBatches(collection, hrefs, options, onItem);
  const missing = new Set(hrefs);
  for await (const fetched of (await collection.readAll()).items) {
    if (!missing.delete(fetched.href)) continue;
    onItem(fetched);
  }
  await fetchInBatches(collection, [...missing], options, onItem);
}

/**
 * Fetches in batches, several batches at once, handing each answer to `onItem`. An href the
 * storage did not answer for is handed over as an error.
 */
export async function fetchInBatches(
  collection: Collection,
  hrefs: readonly Href[],
  options: { readonly fetchBatchSize: number; readonly fetchConcurrency?: number },
  onItem: (fetched: Fetched) => void,
): Promise<void> {
  const size = Math.max(1, options.fetchBatchSize);
  const batches: Href[][] = [];
  for (let start = 0; start < hrefs.length; start += size) batches.push(hrefs.slice(start, start + size));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as Href[];
      const seen = new Set<Href>();
      for await (const fetched of collection.get(batch)) {
        seen.add(fetched.href);
        onItem(fetched);
      }
      for (const href of batch) {
        if (!seen.has(href)) {
          onItem({
            href,
            error: new InvalidDataError(`${collection.info.href}: no answer for ${href}`, { what: href }),
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.fetchConcurrency ?? 4, batches.length) }, worker));
}
