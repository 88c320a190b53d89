/**
 * The `vdir` storage type: calendars and address books as folders of `.ics` / `.vcf` files.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { modelForExtension } from "../../models/pim.js";
import { vdirConfigSchema, type VdirConfig } from "./config.js";
import { createVdirStorage } from "./vdir.js";

export type { VdirConfig } from "./config.js";

export const definition: StorageDefinition<VdirConfig> = {
  type: "vdir",
  description: "A folder of collections with one file per item, as khal, khard and todoman read them.",
  configSchema: vdirConfigSchema,
  watchLayout: (config) => ({ kind: "folders", root: config.path }),
  modelFor: (config) => modelForExtension(config.fileext),
  create: async (name, config) => createVdirStorage(name, config),
};
