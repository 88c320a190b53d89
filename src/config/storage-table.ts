/**
 * A `[storage.NAME]` table: its `type` picks the storage definition, whose schema checks the rest.
 * @module
 */
import type { StorageDefinition } from "../contract/index.js";
import { validate } from "./format-issue.js";
import { configuredPath, type PathContext } from "./paths.js";
import { formatKey, type KeyPath, type Problem } from "./problem.js";
import { isPathOption, objectKeys, type Schema, schemaAt } from "./schema-walk.js";
import { mismatch, orList, quote, unknownKey } from "./wording.js";

/** The config of one storage, as its definition parsed it. */
export type StorageConfig = { type: string; read_only: boolean } & Record<string, unknown>;

export interface ConfiguredStorage {
  readonly name: string;
  readonly definition: StorageDefinition;
  readonly config: StorageConfig;
}

/** The storage, or undefined after adding what is wrong with its table to `problems`. */
export function parseStorageTable(
  name: string,
  table: Record<string, unknown>,
  definitions: ReadonlyMap<string, StorageDefinition>,
  problems: Problem[],
  paths: PathContext,
): ConfiguredStorage | undefined {
  const at = ["storage", name];
  const definition = typeof table.type === "string" ? definitions.get(table.type) : undefined;
  if (definition === undefined) {
    const types = [...definitions.keys()].sort();
    problems.push({
      path: [...at, "type"],
      text: mismatch(orList(types.map(quote)), table.type, { choices: types }),
    });
    problems.push(...problemsOfAnyType(table, [...definitions.values()], at, paths));
    return undefined;
  }
  const config: (Record<string, unknown> & { type: string }) | undefined = validate(
    definition.configSchema,
    table,
    at,
    problems,
  );
  const anchored = anchorPaths(definition.configSchema, table, at, paths, problems);
  if (config === undefined || anchored === undefined) return undefined;
  // Every storage can be made read-only; a definition without the key simply never is.
  return { name, definition, config: { ...config, ...anchored, read_only: config.read_only === true } };
}

/**
 * The table's path options, expanded and made absolute; or undefined after adding to `problems`
 * those naming a variable that is not set. Read from the table as written, so that these are
 * reported along with whatever else the schema finds.
 */
function anchorPaths(
  schema: Schema,
  table: Record<string, unknown>,
  at: KeyPath,
  paths: PathContext,
  problems: Problem[],
): Record<string, string> | undefined {
  const anchored: Record<string, string> = {};
  let complete = true;
  for (const key of objectKeys(schema)) {
    const value = table[key];
    const option = schemaAt(schema, [key]).schema;
    if (typeof value !== "string" || option === undefined || !isPathOption(option)) continue;
    const path = configuredPath(value, [...at, key], paths, problems);
    if (path === undefined) complete = false;
    else anchored[key] = path;
  }
  return complete ? anchored : undefined;
}

/**
 * What is wrong in a table whose type is missing or unknown, as far as that can be told without
 * it: keys no storage type has, and values refused in the same words by every type that has
 * their key. The rest is reported once the type is right.
 */
function problemsOfAnyType(
  table: Record<string, unknown>,
  definitions: readonly StorageDefinition[],
  at: KeyPath,
  paths: PathContext,
): Problem[] {
  const verdicts = definitions.map(({ type, configSchema }) => {
    const problems: Problem[] = [];
    const typed = { ...table, type };
    validate(configSchema, typed, at, problems);
    anchorPaths(configSchema, typed, at, paths, problems);
    return { keys: objectKeys(configSchema), problems };
  });
  const known = [...new Set(verdicts.flatMap(({ keys }) => keys))];
  return Object.keys(table)
    .filter((key) => key !== "type")
    .flatMap((key) => {
      const having = verdicts.filter(({ keys }) => keys.includes(key));
      if (having.length === 0) return [{ path: [...at, key], text: unknownKey(key, known) }];
      const found = having.map(({ problems }) => problems.filter(({ path }) => path[at.length] === key));
      const [first] = found as [Problem[], ...Problem[][]];
      const spelled = (list: Problem[]) =>
        list.map(({ path, text }) => `${formatKey(path)}: ${text}`).join("\n");
      return found.every((list) => spelled(list) === spelled(first)) ? first : [];
    });
}
