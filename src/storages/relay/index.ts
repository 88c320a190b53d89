/**
 * The `relay` storage type: a store (a folder, a WebDAV share, an S3 bucket) of change sets that
 * carries a file tree's changes between places that are never online together.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { fileModel } from "../../models/file.js";
import { relayConfigSchema, type RelayConfig } from "./config.js";
import { createRelayStorage } from "./relay-storage.js";

export type { RelayConfig } from "./config.js";

export const definition: StorageDefinition<RelayConfig> = {
  type: "relay",
  description: "A relay of change sets between places that are never online together.",
  configSchema: relayConfigSchema,
  modelFor: () => fileModel,
  pollSeconds: (config) => config.interval,
  create: async (name, config, context) => createRelayStorage(name, config, context),
};
