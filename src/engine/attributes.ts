/**
 * Three-way reconciliation of attributes (a file's mode and mtime, later a message's flags): a
 * value changed on one side since the last sync is carried to the other; changed on both, the
 * model decides. Each side is compared with what that same side had at the last sync, so a side
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
  const set: Record<Side, Record<string, string>> = { a: {}, b: {} };
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const valueA = a[name];
    const valueB = b[name];
    if (valueA === valueB) continue;
    const changedA = valueA !== base.a?.[name];
    const changedB = valueB !== base.b?.[name];
    let wanted: string | undefined;
    if (changedA && !changedB) wanted = valueA;
    else if (changedB && !changedA) wanted = valueB;
    else if (changedA && changedB) wanted = merge(model, name, valueA, valueB);
    if (wanted === undefined) continue;
    if (wanted !== valueA) set.a[name] = wanted;
    if (wanted !== valueB) set.b[name] = wanted;
  }
  const result: Partial<Record<Side, Attributes>> = {};
  if (Object.keys(set.a).length > 0) result.a = { ...a, ...set.a };
  if (Object.keys(set.b).length > 0) result.b = { ...b, ...set.b };
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
