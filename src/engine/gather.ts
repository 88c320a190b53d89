/**
 * Listing and reading: what one side holds now, compared with the status. The I/O half of
 * planning.
 *
 * A side is listed as href → version and compared with the versions the status remembers there;
 * only new and changed items are read, in batches, to learn their ident and hash (a large body
 * is hashed as it streams past and never held). `scanSide` does that for one side;
 * `completeView` then builds what the planner sees from the status rows the changes touch, so an
 * item unchanged on both sides costs one map entry and no row.
 * @module
 */
import type {
  Attributes,
  Body,
  Collection,
  Fetched,
  Href,
  Identity,
  ItemModel,
  Skipped,
  Version,
} from "../contract/index.js";
import { randomUUID } from "node:crypto";
import { classify, InvalidDataError, NotFoundError } from "../errors/index.js";
import { locate } from "./item-label.js";
import type { Intent } from "./status.js";
import { pairThroughStatus } from "./status-pairing.js";
import type { Side, SideItem, StatusRow } from "./types.js";

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

/** An item read this run, described. */
export interface ReadItem extends SideItem {
  readonly ident: string;
}

/**
 * Items read and described, or being read, by the pairs that share this side (a work folder
 * backed up to several disks), by href: the first scan to need an item reads it, the others
 * wait for its description, and read it themselves only if they listed another version (or the
 * first could not read it).
 */
export type KnownItems = Map<Href, Promise<ReadItem | undefined>>;

/** One side after listing and reading what changed. */
export interface SideScan {
  readonly side: Side;
  /** Items read this run (new, or changed since the status), by href. */
  readonly read: Map<Href, ReadItem>;
  /** Hrefs the status remembers here that are no longer listed. */
  readonly gone: Href[];
  /** Hrefs listed with the version the status remembers. */
  readonly unchanged: Set<Href>;
  /**
   * Known hrefs listed with another version, not read: an item whose content never changes
   * (`status` identity) changed its attributes only.
   */
  readonly restamped: Map<Href, Listed>;
  /**
   * Items read only because they might be remembered items under new hrefs, though they are older
   * than `max_age`: left alone unless they pair with a row.
   */
  readonly aged: Set<Href>;
  /** Items that are there but cannot be carried (`Skipped.href`): left alone, never deleted. */
  readonly untouchable: Set<Href>;
  /** Bodies read while gathering, kept for the executor within a byte budget. */
  readonly bodies: Map<Href, Body>;
  readonly failures: { readonly href: Href; readonly error: Error }[];
  /** Entries the listing left out. */
  readonly skipped: readonly Skipped[];
  /** How many items the side holds now. */
  readonly held: number;
  /** The listing's state to store when the run ends clean. */
  readonly state: string | undefined;
  /** How many items had to be read. */
  readonly fetched: number;
  /** Where the user finds an item of this side. */
  readonly where: (href: Href) => string;
}

export interface ScanOptions {
  readonly side: Side;
  readonly collection: Collection;
  readonly model: ItemModel;
  /** href → version at the last sync on this side (`StatusDb.versions`). */
  readonly versions: ReadonlyMap<Href, Version>;
  readonly storedState: string | undefined;
  readonly fetchBatchSize: number;
  /** Batches in flight at once. */
  readonly fetchConcurrency?: number;
  /** Bytes of in-memory bodies kept for the executor; beyond it they are read again when written. */
  readonly bodyBudget?: number;
  /** Items described by an earlier scan of the same collection, reused and added to. */
  readonly known?: KnownItems;
  /**
   * New items listed as received before this time (ms since the epoch; `max_age`) are left alone:
   * neither read nor copied, nor their absence on the other side taken for a deletion.
   */
  readonly receivedSince?: number;
}

const defaultBodyBudget = 64 * 1024 * 1024;

export async function scanSide(options: ScanOptions): Promise<SideScan> {
  const { side, collection, model, versions } = options;
  const read = new Map<Href, ReadItem>();
  const bodies = new Map<Href, Body>();
  const failures: { href: Href; error: Error }[] = [];
  let budget = options.bodyBudget ?? defaultBodyBudget;
  const listedAttributes = new Map<Href, Attributes | undefined>();
  const where = (href: Href): string => locate(collection, href);

  const onFetched = async (fetched: Fetched): Promise<void> => {
    if ("error" in fetched) {
      // Gone between listing and reading: simply absent. Anything else: unreadable this run.
      if (!(fetched.error instanceof NotFoundError)) failures.push(fetched);
      return;
    }
    try {
      const attributes = fetched.attributes ?? listedAttributes.get(fetched.href);
      const description = await model.describe(fetched.body, fetched.href, attributes);
      const ident = identOf(model, fetched.href, description.ident, side);
      read.set(fetched.href, {
        ident,
        href: fetched.href,
        version: fetched.version,
        hash: description.hash,
        attributes,
        size: fetched.body.size,
        ...(description.title === undefined ? {} : { title: description.title }),
      });
      const size = fetched.body.bytes?.byteLength ?? 0;
      if (size <= budget) {
        budget -= size;
        bodies.set(fetched.href, fetched.body);
      }
    } catch (error) {
      failures.push({ href: fetched.href, error: classify(error, `reading ${where(fetched.href)}`) });
    }
  };

  // Never listed and nothing known: everything must be read, and reading it all at once is the
  // cheapest listing there is.
  // (Not under `max_age`: what is too old must be left out before it is read.)
  if (
    collection.readAll &&
    versions.size === 0 &&
    options.storedState === undefined &&
    options.receivedSince === undefined
  ) {
    const whole = await collection.readAll();
    let count = 0;
    for await (const fetched of whole.items) {
      count++;
      await onFetched(fetched);
    }
    return {
      side,
      read,
      gone: [],
      unchanged: new Set(),
      restamped: new Map(),
      aged: new Set(),
      untouchable: new Set(),
      bodies,
      failures,
      skipped: [],
      held: read.size + failures.length,
      state: whole.state,
      fetched: count,
      where,
    };
  }

  // A delta listing is completed from the status, which needs every version known.
  const canUseState = [...versions.values()].every((version) => version !== "");
  const listing = await currentListing(collection, versions, canUseState ? options.storedState : undefined);
  const unchanged = new Set<Href>();
  const restamped = new Map<Href, Listed>();
  const toFetch: Href[] = [];
  /** New items that arrived before `receivedSince` (`max_age`). */
  const aged: Href[] = [];
  /** Items another scan of a shared side reads: their descriptions are awaited once ours are done. */
  const readElsewhere: { href: Href; version: Version; item: Promise<ReadItem | undefined> }[] = [];
  /** Items this scan reads for the others too: settled once its reading is over. */
  const claims = new Map<Href, (item: ReadItem | undefined) => void>();
  for (const [href, { version, attributes, hash, received }] of listing.listed) {
    const known = versions.get(href);
    if (known === version) {
      unchanged.add(href);
      continue;
    }
    if (known !== undefined && model.identity === "status") {
      restamped.set(href, { version, attributes });
      continue;
    }
    // The listing told the hash (a relay's journal): nothing to read, and the href is the ident.
    if (hash !== undefined && model.identity === "href") {
      read.set(href, { ident: href, href, version, hash, attributes });
      continue;
    }
    listedAttributes.set(href, attributes);
    if (known === undefined && received !== undefined && received < (options.receivedSince ?? -Infinity)) {
      aged.push(href);
      continue;
    }
    const described = options.known?.get(href);
    if (described) readElsewhere.push({ href, version, item: described });
    else {
      toFetch.push(href);
      options.known?.set(href, new Promise((settle) => claims.set(href, settle)));
    }
  }
  // An item the listing left out but says is there (a case twin) is not gone: it is untouchable.
  const untouchable = new Set(
    listing.skipped.flatMap((entry) => (entry.href === undefined ? [] : [entry.href])),
  );
  const gone = [...versions.keys()].filter((href) => !listing.listed.has(href) && !untouchable.has(href));
  // Old items are left alone, unread. But where remembered items are gone, old ones may be
  // those same items under new hrefs (an IMAP folder renumbered): they are read, to be paired,
  // and only the ones that pair with nothing are left alone (`completeView`).
  const agedRead = new Set<Href>();
  for (const href of aged) {
    if (gone.length === 0) untouchable.add(href);
    else {
      agedRead.add(href);
      toFetch.push(href);
    }
  }
  try {
    await fetchChanged(collection, toFetch, listing.listed.size, options, onFetched);
  } finally {
    for (const [href, settle] of claims) settle(read.get(href));
  }
  const readAgain: Href[] = [];
  for (const { href, version, item } of readElsewhere) {
    const described = await item;
    if (described?.version === version) read.set(href, described);
    else readAgain.push(href);
  }
  await fetchInBatches(collection, readAgain, options, onFetched);
  return {
    side,
    read,
    gone,
    unchanged,
    restamped,
    untouchable,
    aged: agedRead,
    bodies,
    failures,
    skipped: listing.skipped,
    // Items left alone are there all the same: a side of only those is not an emptied one.
    held: listing.listed.size + untouchable.size,
    state: listing.state,
    fetched: toFetch.length + readAgain.length,
    where,
  };
}

/**
 * What pairs an item: its UID (read from the content), its href (a file's path), or, for items
 * with neither (mail), one made up here and settled by `pairThroughStatus`; the status carries it
 * from then.
 */
function identOf(model: ItemModel, href: Href, fromContent: string | undefined, side: Side): string {
  switch (model.identity) {
    case "content":
      if (fromContent === undefined)
        throw new InvalidDataError(`${href}: no identity in its content`, { what: href });
      return fromContent;
    case "href":
      return href;
    case "status":
      // Provisional: pairing through the status (`status-pairing.ts`) gives it the ident of the
      // row or copy it turns out to be, or keeps this one, unique even where an href comes back.
      return `${side}:${href}:${randomUUID()}`;
  }
}

/** What the planner gets from both sides: the items and status rows that changes touch. */
export interface GatheredView {
  readonly status: Map<string, StatusRow>;
  readonly items: Record<Side, Map<string, SideItem>>;
  readonly failures: ItemFailure[];
  readonly duplicates: Duplicate[];
  /** Idents that must not be touched: unreadable or duplicated on a side. */
  readonly skip: Set<string>;
  /** Announced copies that were never made (`status` identity): to be forgotten. */
  readonly unmadeCopies: readonly Intent[];
}

export interface ViewOptions {
  /** Whether either side's collection leaves an href alone (its ignore rules). */
  readonly ignores?: (href: Href) => boolean;
  /** How the model pairs items; `status` pairs what the rows do not explain by content. */
  readonly identity?: Identity;
  /** Copies announced and not yet recorded (`status` identity). */
  readonly intents?: readonly Intent[];
}

/**
 * Joins both sides' scans with the status rows they touch: rows of items read or gone on either
 * side, and rows of the idents read. An item unchanged on its side enters the view only when its
 * row is touched from the other side (changed there, say). Items unchanged on both sides stay
 * out: the planner has nothing to do for them.
 */
export function completeView(
  scans: Readonly<Record<Side, SideScan>>,
  rows: {
    readonly at: (side: Side, hrefs: Iterable<Href>) => StatusRow[];
    readonly of: (idents: Iterable<string>) => StatusRow[];
  },
  { ignores = () => false, identity, intents = [] }: ViewOptions = {},
): GatheredView {
  const status = new Map<string, StatusRow>();
  const rowByHref: Record<Side, Map<Href, StatusRow>> = { a: new Map(), b: new Map() };
  const remember = (row: StatusRow): void => {
    status.set(row.ident, row);
    for (const side of ["a", "b"] as const) {
      const at = row[side];
      if (at) rowByHref[side].set(at.href, row);
    }
  };
  for (const side of ["a", "b"] as const) {
    const scan = scans[side];
    const touched = [
      ...scan.read.keys(),
      ...scan.restamped.keys(),
      ...scan.gone,
      ...scan.untouchable,
      ...scan.failures.map((failure) => failure.href),
    ];
    for (const row of rows.at(side, touched)) remember(row);
  }
  let read: Record<Side, readonly ReadItem[]> = {
    a: [...scans.a.read.values()],
    b: [...scans.b.read.values()],
  };
  let unmadeCopies: readonly Intent[] = [];
  if (identity === "status") {
    const pairing = pairThroughStatus(scans, rowByHref, intents);
    for (const row of pairing.recovered) remember(row);
    const reidentified = (side: Side): ReadItem[] =>
      [...scans[side].read.values()].map((item) => ({
        ...item,
        ident: pairing.idents[side].get(item.href) ?? item.ident,
      }));
    read = { a: reidentified("a"), b: reidentified("b") };
    // A copy is known to be missing only where the side it was announced to listed everything.
    unmadeCopies = pairing.unmatched.filter((intent) => scans[intent.side].failures.length === 0);
  } else {
    const readIdents = new Set<string>();
    for (const side of ["a", "b"] as const)
      for (const item of scans[side].read.values()) readIdents.add(item.ident);
    for (const row of rows.of([...readIdents].filter((ident) => !status.has(ident)))) remember(row);
  }

  // Old items read only in case they were remembered items under new hrefs (`aged`) that were
  // not: left alone, and so is what they paired with on the other side (the same message there).
  const leftAlone = new Set<string>();
  for (const side of ["a", "b"] as const) {
    for (const item of read[side]) {
      if (scans[side].aged.has(item.href) && !status.has(item.ident)) leftAlone.add(item.ident);
    }
  }
  const items: Record<Side, Map<string, SideItem>> = { a: new Map(), b: new Map() };
  const duplicates: Duplicate[] = [];
  const failures: ItemFailure[] = [];
  const skip = new Set<string>();
  for (const side of ["a", "b"] as const) {
    const scan = scans[side];
    const hrefsByIdent = new Map<string, Href[]>();
    const add = (ident: string, item: SideItem): void => {
      items[side].set(ident, item);
      hrefsByIdent.set(ident, [...(hrefsByIdent.get(ident) ?? []), item.href]);
    };
    for (const { ident, ...item } of read[side]) if (!leftAlone.has(ident)) add(ident, item);
    for (const row of status.values()) {
      const at = row[side];
      if (at === undefined) continue;
      if (scan.unchanged.has(at.href)) {
        add(row.ident, {
          href: at.href,
          version: at.version as Version,
          hash: row.hash,
          attributes: at.attributes,
        });
      }
      const restamped = scan.restamped.get(at.href);
      if (restamped) add(row.ident, { href: at.href, hash: row.hash, ...restamped });
    }
    for (const [ident, hrefs] of hrefsByIdent) {
      if (hrefs.length < 2) continue;
      duplicates.push({ side, ident, hrefs, where: hrefs.map(scan.where) });
      skip.add(ident);
      items[side].delete(ident);
    }
    for (const failure of scan.failures) {
      const ident = rowByHref[side].get(failure.href)?.ident;
      failures.push({
        side,
        href: failure.href,
        ident,
        where: scan.where(failure.href),
        error: failure.error,
      });
      if (ident !== undefined) skip.add(ident);
    }
    // Left alone whatever the other side holds: twins and, on either side, ignored paths. An
    // item paired by href has its href as ident; otherwise its row says.
    for (const href of [...scan.untouchable, ...scan.read.keys(), ...scan.gone]) {
      if (!scan.untouchable.has(href) && !ignores(href)) continue;
      skip.add(rowByHref[side].get(href)?.ident ?? scan.read.get(href)?.ident ?? href);
    }
  }
  return { status, items, failures, duplicates, skip, unmadeCopies };
}

export interface Listed {
  readonly version: Version;
  readonly attributes?: Attributes;
  /** The content hash, where the listing told it. */
  readonly hash?: string;
  /** When the item arrived, where the listing told it (`max_age`). */
  readonly received?: number;
}

/** The side's items as href → version, from a full listing or the status plus a delta. */
async function currentListing(
  collection: Collection,
  versions: ReadonlyMap<Href, Version>,
  storedState: string | undefined,
): Promise<{ listed: Map<Href, Listed>; state: string | undefined; skipped: readonly Skipped[] }> {
  const listing = await collection.list(storedState);
  if (listing.kind === "full") {
    return {
      listed: new Map(listing.items.map((item) => [item.href, item])),
      state: listing.state,
      skipped: listing.skipped ?? [],
    };
  }
  // Without a full listing the status is the picture; its versions are all known (see above).
  const listed = new Map<Href, Listed>();
  for (const [href, version] of versions) listed.set(href, { version });
  if (listing.kind === "delta") {
    for (const href of listing.removed) listed.delete(href);
    for (const item of listing.changed) listed.set(item.href, item);
  }
  return { listed, state: listing.state, skipped: [] };
}

/**
 * Reads the items in `hrefs`: all at once where the storage can and most of the collection is
 * wanted anyway, else in batches. Whatever the all-at-once read missed (an item added since the
 * listing) is read by href.
 */
async function fetchChanged(
  collection: Collection,
  hrefs: readonly Href[],
  listedCount: number,
  options: ScanOptions,
  onItem: (fetched: Fetched) => Promise<void>,
): Promise<void> {
  const worthReadingAll = hrefs.length > options.fetchBatchSize && hrefs.length * 2 > listedCount;
  if (!collection.readAll || !worthReadingAll) return fetchInBatches(collection, hrefs, options, onItem);
  const missing = new Set(hrefs);
  for await (const fetched of (await collection.readAll()).items) {
    if (!missing.delete(fetched.href)) continue;
    await onItem(fetched);
  }
  await fetchInBatches(collection, [...missing], options, onItem);
}

/**
 * Reads in batches, several batches at once, handing each answer to `onItem` (which may stream
 * the body) before asking for the next. An href the storage did not answer for is handed over
 * as an error.
 */
export async function fetchInBatches(
  collection: Collection,
  hrefs: readonly Href[],
  options: { readonly fetchBatchSize: number; readonly fetchConcurrency?: number },
  onItem: (fetched: Fetched) => Promise<void> | void,
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
        await onItem(fetched);
      }
      for (const href of batch) {
        if (!seen.has(href)) {
          await onItem({
            href,
            error: new InvalidDataError(`${collection.info.href}: no answer for ${href}`, { what: href }),
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.fetchConcurrency ?? 4, batches.length) }, worker));
}
