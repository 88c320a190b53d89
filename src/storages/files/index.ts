/**
 * The `files` storage type: a plain tree of files, symbolic links and folders.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { fileModel } from "../../models/file.js";
import { filesConfigSchema, type FilesConfig } from "./config.js";
import { createFilesStorage, treeCollectionId } from "./files-storage.js";
import { loadIgnoreRules } from "./ignore-rules.js";
import { isOwnName } from "./item-path.js";

export type { FilesConfig } from "./config.js";

export const definition: StorageDefinition<FilesConfig> = {
  type: "files",
  description: "A tree of files and folders, with their modes and modification times.",
  configSchema: filesConfigSchema,
  watchLayout: (config) => {
    const rules = loadIgnoreRules(config.path, config.ignore);
    return {
      kind: "tree",
      root: config.path,
      collection: treeCollectionId,
      ignores: (relative) => relative.split("/").some(isOwnName) || rules.ignores(relative, false),
    };
  },
  modelFor: () => fileModel,
  create: async (name, config) => createFilesStorage(name, config),
};
