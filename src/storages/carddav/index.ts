/**
 * The `carddav` storage type: address books on a CardDAV server (RFC 6352).
 * @module
 */
import { type CarddavConfig, carddavConfigSchema } from "../dav/config.js";
import { carddavKind } from "../dav/dav-kind.js";
import type { StorageDefinition } from "../../contract/index.js";

export const definition: StorageDefinition<CarddavConfig> = {
  type: "carddav",
  description: "Address books on a CardDAV server (Radicale, Xandikos, Nextcloud, Fastmail, ...).",
  configSchema: carddavConfigSchema,
  pollSeconds: (config) => config.interval,
  modelFor: () => carddavKind.model,
  // Loaded when a config uses it: the HTTP client and the DAV code are most of the program.
  create: async (name, config, context) => {
    const { DavStorage } = await import("../dav/dav-storage.js");
    return new DavStorage(name, config, carddavKind, context);
  },
};
