/**
 * A `[storage.NAME]` table: its `type` picks the storage definition, whose schema checks the rest.
 * @module
 */
import { resolve } from "node:path";
import type { StorageDefinition } from "../contract/index.js";
import type { Problem } from "./problem.js";
import { validate } from "./format-issue.js";
import { isPathOption, objectKeys, type Schema, schemaAt } from "./schema-walk.js";
import { mismatch, orList, quote } from "./wording.js";

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
  configFolder: string,
): ConfiguredStorage | undefined {
  const at = ["storage", name];
  const definition = typeof table.type === "string" ? definitions.get(table.type) : undefined;
  if (definition === undefined) {
    const types = [...definitions.keys()].sort();
    problems.push({
      path: [...at, "type"],
      text: mismatch(orList(types.map(quote)), table.type, { choices: types }),
    });
    return undefined;
  }
  const config: (Record<string, unknown> & { type: string }) | undefined = validate(
    definition.configSchema,
    table,
    at,
    problems,
  );
  if (config === undefined) return undefined;
  // Every storage can be made read-only; a definition without the key simply never is.
  return {
    name,
    definition,
    config: {
      ...anchorPaths(definition.configSchema, config, configFolder),
      read_only: config.read_only === true,
    },
  };
}

/** Relative paths in the table's path options, made relative to the config file's folder. */
function anchorPaths<T extends Record<string, unknown>>(schema: Schema, config: T, configFolder: string): T {
  const anchored: Record<string, unknown> = { ...config };
  for (const key of objectKeys(schema)) {
    const value = anchored[key];
    const option = schemaAt(schema, [key]).schema;
    if (typeof value === "string" && option !== undefined && isPathOption(option)) {
      anchored[key] = resolve(configFolder, value);
    }
  }
  return anchored as T;
}
