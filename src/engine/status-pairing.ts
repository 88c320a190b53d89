/**
 * Pairing for items that carry nothing to pair them (mail: `status` identity). The status row of
 * a copy says where it is on both sides; what no row explains is paired by content, since a
 * message's content never changes and equal hashes mean the same message:
 *
 * - an item read at an href its row knows, with the row's hash, is that row's item (an item read
 *   with another hash is another item: the row's one is gone from there);
 * - an item new on a side whose row lost its place on that same side with the same hash is that
 *   row's item, moved: an IMAP folder renumbered (a new UIDVALIDITY), a Maildir file renamed;
 * - an item new on the side a copy was announced to (an `Intent`) with the copy's hash is that
 *   copy: the run that made it was killed before its row was written. Its row is made up from
 *   the intent, the copy's version unknown, so the plan records it, or deletes it if the source
 *   went meanwhile;
 * - items new on both sides with equal hashes are one item found twice (two folders that already
 *   held the same messages, a first sync of a migrated account).
 *
 * Whatever is left is new. No step pairs two items of one side, so nothing is ever merged away.
 * @module
 */
import type { Href } from "../contract/index.js";
import type { ReadItem, SideScan } from "./gather.js";
import type { Intent } from "./status.js";
import { otherSide, type Side, type StatusRow } from "./types.js";

export interface StatusPairing {
  /** The ident each item read this run turned out to have, by side and href. */
  readonly idents: Readonly<Record<Side, Map<Href, string>>>;
  /** Rows made up from intents whose copy was found. */
  readonly recovered: readonly StatusRow[];
  /** Intents whose copy is not there: it was never made. */
  readonly unmatched: readonly Intent[];
}

/** A multimap from hash to what holds it, taken from in order. */
class ByHash<T> {
  private readonly map = new Map<string, T[]>();

  add(hash: string, value: T): void {
    const list = this.map.get(hash);
    if (list) list.push(value);
    else this.map.set(hash, [value]);
  }

  take(hash: string): T | undefined {
    const list = this.map.get(hash);
    const value = list?.shift();
    if (list?.length === 0) this.map.delete(hash);
    return value;
  }
}

export function pairThroughStatus(
  scans: Readonly<Record<Side, SideScan>>,
  /** The rows the changes touch, by each side's href. */
  rowByHref: Readonly<Record<Side, ReadonlyMap<Href, StatusRow>>>,
  intents: readonly Intent[],
): StatusPairing {
  const idents: Record<Side, Map<Href, string>> = { a: new Map(), b: new Map() };
  const unpaired: Record<Side, ReadItem[]> = { a: [], b: [] };
  const vacated: Record<Side, ByHash<StatusRow>> = { a: new ByHash(), b: new ByHash() };
  const claimed = new Set<string>();

  for (const side of ["a", "b"] as const) {
    const scan = scans[side];
    for (const item of scan.read.values()) {
      const row = rowByHref[side].get(item.href);
      if (row && row.hash === item.hash) {
        idents[side].set(item.href, row.ident);
        claimed.add(row.ident);
      } else {
        unpaired[side].push(item);
        if (row) vacated[side].add(row.hash, row);
      }
    }
    for (const href of scan.gone) {
      const row = rowByHref[side].get(href);
      if (row) vacated[side].add(row.hash, row);
    }
  }

  // Moved on its own side: the row follows the item.
  for (const side of ["a", "b"] as const) {
    unpaired[side] = unpaired[side].filter((item) => {
      let row = vacated[side].take(item.hash);
      while (row && claimed.has(row.ident)) row = vacated[side].take(item.hash);
      if (!row) return true;
      idents[side].set(item.href, row.ident);
      claimed.add(row.ident);
      return false;
    });
  }

  // Copies a killed run made: the intent names the source, the hash finds the copy.
  const announced: Record<Side, ByHash<Intent>> = { a: new ByHash(), b: new ByHash() };
  for (const intent of intents) announced[intent.side].add(intent.hash, intent);
  const recovered: StatusRow[] = [];
  const matched = new Set<Intent>();
  for (const side of ["a", "b"] as const) {
    const from = otherSide(side);
    unpaired[side] = unpaired[side].filter((item) => {
      const intent = announced[side].take(item.hash);
      if (!intent) return true;
      matched.add(intent);
      idents[side].set(item.href, intent.ident);
      const copy = { href: item.href, version: undefined, attributes: intent.source.attributes };
      const [a, b] = side === "a" ? [copy, intent.source] : [intent.source, copy];
      recovered.push({ ident: intent.ident, hash: intent.hash, a, b });
      return false;
    });
    // The source of a found copy: still where it was, and still unrecorded.
    const sources = new Map(
      [...matched].filter((intent) => intent.side === side).map((intent) => [intent.source.href, intent]),
    );
    unpaired[from] = unpaired[from].filter((item) => {
      const intent = sources.get(item.href);
      if (!intent || intent.hash !== item.hash) return true;
      idents[from].set(item.href, intent.ident);
      return false;
    });
  }

  // Found on both sides, never paired: one item.
  const newOnB = new ByHash<ReadItem>();
  for (const item of unpaired.b) newOnB.add(item.hash, item);
  for (const item of unpaired.a) {
    const twin = newOnB.take(item.hash);
    idents.a.set(item.href, item.ident);
    if (twin) idents.b.set(twin.href, item.ident);
  }
  for (const item of unpaired.b) if (!idents.b.has(item.href)) idents.b.set(item.href, item.ident);

  return { idents, recovered, unmatched: intents.filter((intent) => !matched.has(intent)) };
}
