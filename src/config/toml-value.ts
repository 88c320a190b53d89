/**
 * The values a parsed TOML document holds, and how to look inside one before it is validated.
 * @module
 */
import type { KeyPath } from "./problem.js";

/** The kinds of TOML value; a missing key has none. */
export type ValueKind = "string" | "number" | "boolean" | "date-time" | "list" | "table";

export function kindOfValue(value: unknown): ValueKind | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "boolean") return "boolean";
  // smol-toml's TomlDate is a Date.
  if (value instanceof Date) return "date-time";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" && value !== null ? "table" : undefined;
}

export const isTable = (value: unknown): value is Record<string, unknown> => kindOfValue(value) === "table";

/** The value at `path`, or undefined where the document has nothing there. */
export function valueAt(document: unknown, path: KeyPath): unknown {
  let value = document;
  for (const key of path) {
    const kind = kindOfValue(value);
    if ((kind !== "table" && kind !== "list") || !Object.hasOwn(value as object, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
