/**
 * The `[storage.NAME]` table of a webcal storage: a read-only iCalendar feed over HTTP(S).
 * @module
 */
import { z } from "zod";
import { segmentNameSchema } from "../../config/schema.js";
import { remoteShape } from "../remote/config.js";

export const webcalConfigSchema = z.strictObject({
  type: z.literal("webcal").describe("A read-only iCalendar feed."),
  url: z
    .string()
    .regex(/^(https?|webcals?):\/\/\S+$/i, "expected an http://, https://, webcal:// or webcals:// URL")
    // webcal:// is a hint to calendar apps; on the wire it is plain HTTP(S).
    .transform((value) =>
      value.replace(/^webcal(s?):/i, (_, secure: string) => (secure ? "https:" : "http:")),
    )
    .describe("The feed's URL; webcal:// is read as http://, webcals:// as https://."),
  collection_id: segmentNameSchema
    .optional()
    .describe(
      "The id of the feed's one collection, as pairs name it. Default: the URL's last segment without .ics.",
    ),
  ...remoteShape,
  read_only: z
    .literal(true)
    .default(true)
    .describe(
      "Always true: a feed cannot be written. Changes from the other side are reported, or reverted with one_way.",
    ),
});

export type WebcalConfig = z.output<typeof webcalConfigSchema>;
