/**
 * The `[storage.NAME]` table of the `caldav` and `carddav` storages: one schema, two types.
 * @module
 */
import { z } from "zod";
import { storageCommonShape } from "../../config/common.js";
import { remoteShape } from "../remote/config.js";

function davConfigSchema<Type extends "caldav" | "carddav">(type: Type, what: string) {
  return z.strictObject({
    type: z.literal(type).describe(`A ${what} server.`),
    url: z
      .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
      .describe(
        `Where to start looking: the server's root, your principal URL, the ${what} home, or one collection. Discovery follows RFC 6764 from there.`,
      ),
    ...remoteShape,
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      // Python's socketserver (Radicale, Xandikos behind it) listens with a backlog of 5: a burst
      // of 8 new connections lost SYNs there, and each lost one waited out TCP's 1 s retry.
      .default(4)
      .describe("How many requests may be in flight at once. Default: 4."),
    ...storageCommonShape,
  });
}

export const caldavConfigSchema = davConfigSchema("caldav", "CalDAV");
export const carddavConfigSchema = davConfigSchema("carddav", "CardDAV");

export type CaldavConfig = z.output<typeof caldavConfigSchema>;
export type CarddavConfig = z.output<typeof carddavConfigSchema>;
export type DavConfig = CaldavConfig | CarddavConfig;
