/**
 * One side shared by several pairs, such as a work folder backed up to several disks: it is
 * listed once, and each of its items is read and described once, by whichever pair needs it
 * first. The other pairs plan from the same listing and descriptions.
 * @module
 */
import type { Collection, Listing } from "../contract/index.js";
import type { KnownItems } from "./gather.js";

export class SharedSide {
  /** Descriptions of the items read so far, for `scanSide`. */
  readonly known: KnownItems = new Map();
  /** The collection, whose `list` answers every caller with the first full listing. */
  readonly collection: Collection;

  constructor(collection: Collection) {
    let listing: Promise<Listing> | undefined;
    // A full listing, whatever state a pair remembers: it must do for every pair.
    const list = () => (listing ??= collection.list());
    this.collection = new Proxy(collection, {
      get(target, property) {
        if (property === "list") return list;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
}
