/**
 * The `[storage.NAME]` table of the `caldav` and `carddav` storages: one schema, two types.
 * @module
 */
import { z } from "zod";
import { storageCommonShape } from "../../config/common.js";
import { remoteShape } from "../remote/config.js";
import { dateBoundPattern } from "./calendar-filter.js";
import { calendarComponents } from "./xml/bodies.js";

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

/** A bound of a calendar's time range, checked as `calendar-filter.ts` reads it. */
const dateBoundSchema = z
  .string()
  .regex(
    dateBoundPattern,
    'expected a date (2024-01-31), a UTC time (2024-01-31T08:00:00Z) or an offset from today ("-90d", "+2y", "-6m", "+1w")',
  )
  .optional();

export const caldavConfigSchema = davConfigSchema("caldav", "CalDAV").extend({
  start_date: dateBoundSchema.describe(
    'Carry only items from this date on (events and tasks with any instance after it): a date, a UTC time, or an offset from today such as "-90d". Items outside the range are left alone on both sides, never deleted.',
  ),
  end_date: dateBoundSchema.describe(
    'Carry only items before this date (events and tasks with any instance before it): a date, a UTC time, or an offset from today such as "+2y". Items outside the range are left alone on both sides, never deleted.',
  ),
  item_types: z
    .array(z.enum(calendarComponents))
    .min(1)
    .optional()
    .describe(
      'Carry only these kinds of items, e.g. ["VTODO"] for tasks. The others are left alone on both sides, never deleted.',
    ),
});
export const carddavConfigSchema = davConfigSchema("carddav", "CardDAV");

export type CaldavConfig = z.output<typeof caldavConfigSchema>;
export type CarddavConfig = z.output<typeof carddavConfigSchema>;
export type DavConfig = CaldavConfig | CarddavConfig;
