/**
 * The `singlefile` storage type: calendars and address books kept as whole .ics / .vcf files.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { modelForExtension } from "../../models/pim.js";
import { singlefileConfigSchema, type SinglefileConfig } from "./config.js";
import { watchLayoutOf } from "./file-pattern.js";
import { createSinglefileStorage } from "./singlefile.js";

export type { SinglefileConfig } from "./config.js";

export const definition: StorageDefinition<SinglefileConfig> = {
  type: "singlefile",
  description:
    "One .ics or .vcf file per collection, holding many items, as calendar and contact apps export them.",
  configSchema: singlefileConfigSchema,
  watchLayout: (config) => watchLayoutOf(config.path),
  modelFor: (config) => modelForExtension(config.path),
  create: async (name, config) => createSinglefileStorage(name, config),
};
