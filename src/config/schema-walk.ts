/**
 * Reading a zod schema the way an error message needs it: which part of it governs a key path,
 * whether the value there is a secret, and which keys and literal values it accepts. The paths
 * in zod issues say where a value failed, not which schema failed it; this recovers the schema.
 *
 * Two metadata keys, set with `.meta()`, steer messages:
 * - `sensitive: true`: the value is a secret and is never shown;
 * - `expected: "…"`: how to say what the option accepts, where the phrase derived from the
 *   schema would read badly;
 * - `path: true`: the value is a file system path, relative to the config file's folder.
 * @module
 */
import { z } from "zod";
import type { KeyPath } from "./problem.js";
import { kindOfValue, type ValueKind } from "./toml-value.js";

export type Schema = z.core.$ZodType;

export const schemaDefinition = (schema: Schema) => (schema as z.core.$ZodTypes)._zod.def;

/** The schema inside a wrapper that leaves the TOML spelling unchanged (optional, default, transform). */
function innerSchema(schema: Schema): Schema | undefined {
  const def = schemaDefinition(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return def.innerType;
    case "pipe":
      // A transform (or preprocess) is invisible to the user: the side they write is what counts.
      return schemaDefinition(def.in).type === "transform" ? def.out : def.in;
    case "lazy":
      return def.getter();
    default:
      return undefined;
  }
}

/** The schema and every wrapper around it, outermost first. */
function layers(schema: Schema): Schema[] {
  const all = [schema];
  for (let inner = innerSchema(schema); inner !== undefined; inner = innerSchema(inner)) all.push(inner);
  return all;
}

/** The schema without its wrappers: what decides the shape of the value. */
export const unwrap = (schema: Schema): Schema => layers(schema).at(-1)!;

const isSecret = (schema: Schema): boolean =>
  layers(schema).some((layer) => z.globalRegistry.get(layer)?.["sensitive"] === true);

/** Whether the option holds a path (see `pathSchema`). */
export const isPathOption = (schema: Schema): boolean =>
  layers(schema).some((layer) => z.globalRegistry.get(layer)?.["path"] === true);

/** The `expected` phrase set on the schema or one of its wrappers. */
export function expectedPhrase(schema: Schema): string | undefined {
  for (const layer of layers(schema)) {
    const phrase = z.globalRegistry.get(layer)?.["expected"];
    if (typeof phrase === "string") return phrase;
  }
  return undefined;
}

/** The schema of the value under `key`, for a table, a list or a union of them. */
function childSchema(schema: Schema, key: PropertyKey): Schema | undefined {
  const def = schemaDefinition(unwrap(schema));
  switch (def.type) {
    case "object":
      return typeof key === "string" && Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
    case "record":
      return def.valueType;
    case "array":
      return typeof key === "number" ? def.element : undefined;
    case "tuple":
      return typeof key === "number" ? (def.items[key] ?? def.rest ?? undefined) : undefined;
    case "union":
      // Unions here mix shapes (a string or a table): only one of the options has the key.
      for (const option of def.options) {
        const child = childSchema(option, key);
        if (child !== undefined) return child;
      }
      return undefined;
    case "intersection":
      return childSchema(def.left, key) ?? childSchema(def.right, key);
    default:
      return undefined;
  }
}

/**
 * The schema governing the value at `path` below `root`, and whether that value is, or lies
 * inside, a secret. `schema` is undefined where the schema cannot be followed.
 */
export function schemaAt(root: Schema, path: KeyPath): { schema: Schema | undefined; secret: boolean } {
  let schema: Schema | undefined = root;
  let secret = isSecret(root);
  for (const key of path) {
    schema = schema === undefined ? undefined : childSchema(schema, key);
    if (schema !== undefined) secret ||= isSecret(schema);
  }
  return { schema, secret };
}

/** The keys a table schema accepts (for a union of tables, those of every option). */
export function objectKeys(schema: Schema): string[] {
  const def = schemaDefinition(unwrap(schema));
  if (def.type === "object") return Object.keys(def.shape);
  if (def.type === "union") return [...new Set(def.options.flatMap(objectKeys))];
  return [];
}

/** The string values an enum, a literal or a union of them accepts. */
export function stringChoices(schema: Schema): string[] {
  const def = schemaDefinition(unwrap(schema));
  switch (def.type) {
    case "enum":
      return Object.values(def.entries).filter((value) => typeof value === "string");
    case "literal":
      return def.values.filter((value) => typeof value === "string");
    case "union":
      return def.options.flatMap(stringChoices);
    default:
      return [];
  }
}

/** The kinds of value a schema can accept; undefined when it cannot tell (any, custom). */
function kindsOfSchema(schema: Schema): ValueKind[] | undefined {
  const def = schemaDefinition(unwrap(schema));
  switch (def.type) {
    case "string":
    case "enum":
    case "template_literal":
      return ["string"];
    case "literal":
      return [...new Set(def.values.map(kindOfValue).filter((kind) => kind !== undefined))];
    case "number":
    case "bigint":
      return ["number"];
    case "boolean":
      return ["boolean"];
    case "date":
      return ["date-time"];
    case "array":
    case "tuple":
      return ["list"];
    case "object":
    case "record":
      return ["table"];
    case "union": {
      const kinds = def.options.map(kindsOfSchema);
      return kinds.includes(undefined) ? undefined : [...new Set(kinds.flat() as ValueKind[])];
    }
    default:
      return undefined;
  }
}

/**
 * The index of the one option of a union that accepts values of the same kind as `value`, if
 * exactly one does. When a table was given where a string or a table is allowed, the table
 * option's complaint (a missing key) is the one the user needs, not "expected a string".
 */
export function soleOptionForKind(schema: Schema, value: unknown): number | undefined {
  const def = schemaDefinition(unwrap(schema));
  const kind = kindOfValue(value);
  if (def.type !== "union" || kind === undefined) return undefined;
  const matching = def.options.flatMap((option, index) => {
    const kinds = kindsOfSchema(option);
    return kinds === undefined || kinds.includes(kind) ? [index] : [];
  });
  return matching.length === 1 ? matching[0] : undefined;
}
