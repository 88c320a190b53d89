/**
 * The `[storage.NAME]` table of a webcal storage: a read-only iCalendar feed over HTTP(S).
 * @module
 */
import { z } from "zod";
import { pathSchema, secretSchema } from "../../config/common.js";
import { segmentNameSchema } from "../../config/schema.js";

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
  username: z
    .string()
    .optional()
    .describe("The user name, for a feed behind Basic or Digest authentication."),
  password: secretSchema
    .optional()
    .describe('The password: inline, or { cmd = [...] }, { file = "..." } or { env = "VAR" }.'),
  tls_ca: pathSchema.optional().describe("A PEM file of CA certificates to trust besides the system's."),
  tls_fingerprint: z
    .string()
    .optional()
    .describe(
      "The server certificate's SHA-256 fingerprint (hex); when set, exactly that certificate is trusted.",
    ),
  timeout: z
    .number()
    .positive()
    .default(30)
    .describe(
      "Seconds to wait for a connection, for an answer to begin, and between two parts of it. Default: 30.",
    ),
  read_only: z
    .literal(true)
    .default(true)
    .describe(
      "Always true: a feed cannot be written. Changes from the other side are reported, or reverted with one_way.",
    ),
});

export type WebcalConfig = z.output<typeof webcalConfigSchema>;
