/**
 * The items of a collection held as one iCalendar or vCard text (a single .ics/.vcf file, a
 * WebCal feed), in memory in file order. An item's href is
 * derived from its UID (from its hash when it has none), so the next run, reading the same file,
 * derives the same href; duplicates get a counter in file order.
 * @module
 */
import { describeItem, splitCollection, type ItemKind } from "../../formats/index.js";
import { numberedNames, safeName } from "../naming/safe-name.js";
import { asHref, asVersion, type Href, type ListedItem, type Version } from "../../contract/index.js";

export interface HeldItem {
  readonly href: Href;
  /** The item's normalised hash: the same after the file is joined and split again. */
  readonly version: Version;
  readonly kind: ItemKind;
  readonly content: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function describe(href: Href, content: Uint8Array): HeldItem {
  const { kind, hash } = describeItem(content);
  return { href, version: asVersion(hash), kind, content };
}

export class ItemList {
  /** A Map keeps insertion order, and `set` on an existing key keeps its place: file order. */
  readonly #items = new Map<Href, HeldItem>();

  /** The items of a collection file's text. */
  static fromText(text: string): ItemList {
    const items = new ItemList();
    for (const item of splitCollection(text).items) items.add(encoder.encode(item.text));
    return items;
  }

  get(href: Href): HeldItem | undefined {
    return this.#items.get(href);
  }

  /** Adds an item at the end, under the first free href its UID gives. */
  add(content: Uint8Array): HeldItem {
    const { uid, hash } = describeItem(content);
    const base = uid === undefined ? `item-${hash.slice(0, 16)}` : safeName(uid);
    const candidates = numberedNames(base, "", Number.POSITIVE_INFINITY);
    let href: Href;
    do href = asHref(candidates.next().value as string);
    while (this.#items.has(href));
    const held = describe(href, content);
    this.#items.set(href, held);
    return held;
  }

  /** Replaces an item's content in place; the href stays. */
  replace(href: Href, content: Uint8Array): HeldItem {
    const held = describe(href, content);
    this.#items.set(href, held);
    return held;
  }

  remove(href: Href): void {
    this.#items.delete(href);
  }

  listed(): ListedItem[] {
    return [...this.#items.values()].map(({ href, version }) => ({ href, version }));
  }

  /** The kind the file should be written as: the first item's that has one. */
  kind(): ItemKind {
    return [...this.#items.values()].find((item) => item.kind !== "unknown")?.kind ?? "unknown";
  }

  texts(): string[] {
    return [...this.#items.values()].map((item) => decoder.decode(item.content));
  }
}
