/**
 * Three-way reconciliation of attributes (a file's mode and mtime, a message's flags): a value
 * changed on one side since the last sync is carried to the other, and so is a name removed
 * there (a flag cleared); changed on both, the model decides. Each side is compared with what that same side had at the last sync, so a side
 * that cannot hold a value exactly (a coarse mtime) is not "changed" on every run.
 * @module
 */
import type { Attributes, ItemModel } from "../contract/index.js";
import type { Side } from "./types.js";

/** The attributes each side must be given so both agree; a side that needs nothing is absent. */
export function reconcileAttributes(
  model: ItemModel,
  base: Readonly<Partial<Record<Side, Attributes>>>,
  now: Readonly<Record<Side, Attributes | undefined>>,
): Partial<Record<Side, Attributes>> {
  const a = now.a ?? {};
  const b = now.b ?? {};
  // Per side, the names to give a value and, with undefined, the names to remove (a flag
  // cleared on the other side).
  const change: Record<Side, Map<string, string | undefined>> = { a: new Map(), b: new Map() };
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const valueA = a[name];
    const valueB = b[name];
    if (valueA === valueB) continue;
    const changedA = valueA !== base.a?.[name];
    const changedB = valueB !== base.b?.[name];
    // Neither changed: the sides hold what each held at the last sync (one cannot hold it).
    if (!changedA && !changedB) continue;
    const wanted = changedA && changedB ? merge(model, name, valueA, valueB) : changedA ? valueA : valueB;
    if (wanted !== valueA) change.a.set(name, wanted);
    if (wanted !== valueB) change.b.set(name, wanted);
  }
  const result: Partial<Record<Side, Attributes>> = {};
  for (const side of ["a", "b"] as const) {
    if (change[side].size === 0) continue;
    const next: Record<string, string> = { ...now[side] };
    for (const [name, value] of change[side]) {
      if (value === undefined) delete next[name];
      else next[name] = value;
    }
    result[side] = next;
  }
  return result;
}

function merge(
  model: ItemModel,
  name: string,
  a: string | undefined,
  b: string | undefined,
): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return model.mergeAttribute ? model.mergeAttribute(name, a, b) : a;
}
