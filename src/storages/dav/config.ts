/**
 * The `[storage.NAME]` table of the `caldav` and `carddav` storages: one schema, two types.
 * @module
 */
import { z } from "zod";
import { pathSchema, secretSchema, storageCommonShape } from "../../config/common.js";

function davConfigSchema<Type extends "caldav" | "carddav">(type: Type, what: string) {
  return z.strictObject({
    type: z.literal(type).describe(`A ${what} server.`),
    url: z
      .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
      .describe(
        `Where to start looking: the server's root, your principal URL, the ${what} home, or one collection. Discovery follows RFC 6764 from there.`,
      ),
    username: z.string().optional().describe("The user name for Basic or Digest authentication."),
    password: secretSchema
      .optional()
      .describe('The password: inline, or { cmd = [...] }, { file = "..." } or { env = "VAR" }.'),
    auth: z
      .enum(["basic", "digest", "guess"])
      .default("guess")
      .describe(
        'How to authenticate. "guess" (default): answer the server\'s challenge with Digest or Basic; "basic": send Basic credentials up front; "digest": Digest only.',
      ),
    bearer_command: z
      .array(z.string())
      .min(1)
      .optional()
      .describe(
        "A command printing an access token, sent as `Authorization: Bearer`; replaces username and password.",
      ),
    tls_ca: pathSchema.optional().describe("A PEM file of CA certificates to trust besides the system's."),
    tls_fingerprint: z
      .string()
      .optional()
      .describe(
        "The server certificate's SHA-256 fingerprint (hex); when set, exactly that certificate is trusted.",
      ),
    tls_cert: pathSchema.optional().describe("A PEM client certificate, for servers that require one."),
    tls_key: pathSchema.optional().describe("The unencrypted PEM private key of tls_cert."),
    timeout: z
      .number()
      .positive()
      .default(30)
      .describe(
        "Seconds to wait for a connection, for an answer to begin, and between two parts of an answer. Default: 30.",
      ),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe("How many requests may be in flight at once. Default: 8."),
    ...storageCommonShape,
  });
}

export const caldavConfigSchema = davConfigSchema("caldav", "CalDAV");
export const carddavConfigSchema = davConfigSchema("carddav", "CardDAV");

export type CaldavConfig = z.output<typeof caldavConfigSchema>;
export type CarddavConfig = z.output<typeof carddavConfigSchema>;
export type DavConfig = CaldavConfig | CarddavConfig;
