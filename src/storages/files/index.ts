/**
 * The `files` storage type: a plain tree of files, symbolic links and folders.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { filesConfigSchema, type FilesConfig } from "./config.js";
import { createFilesStorage } from "./files-storage.js";

export type { FilesConfig } from "./config.js";

export const definition: StorageDefinition<FilesConfig> = {
  type: "files",
  description: "A tree of files and folders, with their modes and modification times.",
  configSchema: filesConfigSchema,
  create: async (name, config) => createFilesStorage(name, config),
};
