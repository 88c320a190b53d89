/**
 * The `caldav` storage type: calendars on a CalDAV server (RFC 4791).
 * @module
 */
import { type CaldavConfig, caldavConfigSchema } from "../dav/config.js";
import { caldavKind } from "../dav/dav-kind.js";
import { DavStorage } from "../dav/dav-storage.js";
import type { StorageDefinition } from "../../contract/index.js";

export const definition: StorageDefinition<CaldavConfig> = {
  type: "caldav",
  description: "Calendars and task lists on a CalDAV server (Radicale, Xandikos, Nextcloud, Fastmail, ...).",
  configSchema: caldavConfigSchema,
  pollSeconds: (config) => config.interval,
  modelFor: () => caldavKind.model,
  create: async (name, config, context) => new DavStorage(name, config, caldavKind, context),
};
