/**
 * Where a merge's result goes: a's order is kept, and what comes from b (or is written anew)
 * takes a place beside what it belongs with, so a merged item reads like a's with b's changes
 * in it, and nothing untouched moves.
 * @module
 */

/** One line or nested component of a version, with its slot (its identity) and its value's key. */
export interface Entry<T> {
  readonly item: T;
  readonly slot: string;
  readonly key: string;
}

/** An item of the result and the entry of a or b whose place it takes. */
export interface Placed<T> {
  readonly item: T;
  readonly side: "a" | "b";
  readonly at: Entry<T>;
}

/**
 * The result in order: every item placed at an entry of a stands where that entry stands; those
 * placed at an entry of b follow the last of a's entries in the same slot (a changed SUMMARY
 * stays where a had it) or, for a slot a does not have, the nearest entry before them in b that
 * is in the result (b's new TEL after the TEL both have), after what a alone added there.
 */
export function layOut<T>(a: readonly Entry<T>[], b: readonly Entry<T>[], placed: readonly Placed<T>[]): T[] {
  const at = (side: "a" | "b") => {
    const items = new Map<Entry<T>, T[]>();
    for (const item of placed) {
      if (item.side === side) items.set(item.at, [...(items.get(item.at) ?? []), item.item]);
    }
    return items;
  };
  const atA = at("a");
  const atB = at("b");
  const lastOfSlot = new Map(a.map((entry, index) => [entry.slot, index]));
  const slotsOfB = new Set(b.map((entry) => entry.slot));
  const out: T[] = [];
  // Where a's values and slots and b's placed entries now are, to place others after them.
  const byKey = new Map<string, T>();
  const bySlot = new Map<string, T>();
  const placedB = new Map<Entry<T>, T>();
  /** Items of slots only a has: b's new items go after them, so each side's additions stay together. */
  const addedByA = new Set<T>();
  a.forEach((entry, index) => {
    for (const item of atA.get(entry) ?? []) {
      out.push(item);
      byKey.set(entry.key, item);
      bySlot.set(entry.slot, item);
      if (!slotsOfB.has(entry.slot)) addedByA.add(item);
    }
    if (lastOfSlot.get(entry.slot) !== index) return;
    for (const other of b) {
      if (other.slot !== entry.slot) continue;
      for (const item of atB.get(other) ?? []) {
        out.push(item);
        placedB.set(other, item);
        bySlot.set(entry.slot, item);
      }
    }
  });
  b.forEach((entry, index) => {
    const items = atB.get(entry);
    if (items === undefined || placedB.has(entry)) return;
    let after: T | undefined;
    for (let k = index - 1; k >= 0 && after === undefined; k--) {
      const before = b[k] as Entry<T>;
      after = placedB.get(before) ?? byKey.get(before.key) ?? bySlot.get(before.slot);
    }
    let position = after === undefined ? 0 : out.indexOf(after) + 1;
    while (position < out.length && addedByA.has(out[position] as T)) position++;
    for (const item of items) {
      out.splice(position++, 0, item);
      placedB.set(entry, item);
    }
  });
  return out;
}
