/**
 * The `carddav` storage type: address books on a CardDAV server (RFC 6352).
 * @module
 */
import { type CarddavConfig, carddavConfigSchema } from "../dav/config.js";
import { carddavKind } from "../dav/dav-kind.js";
import { DavStorage } from "../dav/dav-storage.js";
import type { StorageDefinition } from "../../contract/index.js";

export const definition: StorageDefinition<CarddavConfig> = {
  type: "carddav",
  description: "Address books on a CardDAV server (Radicale, Xandikos, Nextcloud, Fastmail, ...).",
  configSchema: carddavConfigSchema,
  pollSeconds: (config) => config.interval,
  modelFor: () => carddavKind.model,
  create: async (name, config, context) => new DavStorage(name, config, carddavKind, context),
};
