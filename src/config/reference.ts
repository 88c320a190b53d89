/**
 * The configuration reference in docs/configuration.md, generated from the schemas themselves
 * (each option's `.describe()` and what it accepts), so the docs cannot drift from the code.
 * A test fails when the file is stale; `npm run docs` rewrites it.
 * @module
 */
import type { StorageDefinition } from "../contract/index.js";
import { describeExpected } from "./describe-schema.js";
import { backupSchema } from "./backup-schema.js";
import { generalSchema, pairSchema } from "./schema.js";
import { schemaDefinition, type Schema, unwrap } from "./schema-walk.js";

export const referenceStart = "<!-- BEGIN GENERATED: config reference (npm run docs) -->";
export const referenceEnd = "<!-- END GENERATED -->";

function optionRows(schema: Schema, skip: readonly string[] = []): string[] {
  const def = schemaDefinition(unwrap(schema));
  if (def.type !== "object") return [];
  return Object.entries(def.shape)
    .filter(([key]) => !skip.includes(key))
    .map(([key, option]) => {
      const description = ((option as { description?: string }).description ?? "").replaceAll("|", "\\|");
      return `| \`${key}\` | ${describeExpected(option).replaceAll("|", "\\|")} | ${description} |`;
    });
}

function table(rows: readonly string[]): string {
  return ["| key | accepts | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

/** The generated block: every option of every table, storage types in the registry's order. */
export function configReference(storages: ReadonlyMap<string, StorageDefinition>): string {
  const sections = [
    `## [general]\n\n${table(optionRows(generalSchema))}`,
    `## [pair.NAME]\n\n${table(optionRows(pairSchema))}`,
    `## [backup.NAME]\n\n${table(optionRows(backupSchema))}`,
    ...[...storages.values()].map(
      (definition) =>
        `## [storage.NAME] with type = "${definition.type}"\n\n${definition.description}\n\n${table(optionRows(definition.configSchema, ["type"]))}`,
    ),
  ];
  return `${referenceStart}\n\n${sections.join("\n\n")}\n\n${referenceEnd}`;
}

/** `document` with its generated block replaced by `reference`. */
export function withReference(document: string, reference: string): string {
  const start = document.indexOf(referenceStart);
  const end = document.indexOf(referenceEnd);
  if (start < 0 || end < start) throw new Error("docs/configuration.md has lost its generated-block markers");
  return document.slice(0, start) + reference + document.slice(end + referenceEnd.length);
}
