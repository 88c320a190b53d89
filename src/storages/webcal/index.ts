/**
 * The `webcal` storage type: a read-only iCalendar feed.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { calendarModel } from "../../models/pim.js";
import { type WebcalConfig, webcalConfigSchema } from "./config.js";

export const definition: StorageDefinition<WebcalConfig> = {
  type: "webcal",
  description: "A read-only iCalendar feed over HTTP(S), fetched only when it changed.",
  configSchema: webcalConfigSchema,
  pollSeconds: (config) => config.interval,
  modelFor: () => calendarModel,
  // Loaded when a config uses it, as the DAV storages are: the HTTP client is large.
  create: async (name, config, context) => {
    const { WebcalStorage } = await import("./webcal.js");
    return new WebcalStorage(name, config, context);
  },
};
