/**
 * The `caldav` storage type: calendars on a CalDAV server (RFC 4791).
 * @module
 */
import { type CaldavConfig, caldavConfigSchema } from "../dav/config.js";
import { caldavKind } from "../dav/dav-kind.js";
import type { StorageDefinition } from "../../contract/index.js";

export const definition: StorageDefinition<CaldavConfig> = {
  type: "caldav",
  description: "Calendars and task lists on a CalDAV server (Radicale, Xandikos, Nextcloud, Fastmail, ...).",
  configSchema: caldavConfigSchema,
  pollSeconds: (config) => config.interval,
  modelFor: () => caldavKind.model,
  // Loaded when a config uses it: the HTTP client and the DAV code are most of the program.
  create: async (name, config, context) => {
    const { DavStorage } = await import("../dav/dav-storage.js");
    return new DavStorage(name, config, caldavKind, context);
  },
};
