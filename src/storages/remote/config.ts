/**
 * The config keys every storage reached over HTTP accepts (credentials, TLS, timeout), and how
 * they become the HTTP client's options, so CalDAV, CardDAV and WebCal spell and treat them alike.
 * @module
 */
import { z } from "zod";
import { pathSchema, secretSchema } from "../../config/common.js";
import type { HttpClientOptions } from "../../http/index.js";
import type { StorageContext } from "../../contract/index.js";

/** How often `concord daemon` polls a remote storage when its table does not say. */
export const defaultPollIntervalSeconds = 300;

export const remoteShape = {
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
  interval: z
    .number()
    .int("expected a whole number of seconds")
    .min(1)
    .default(defaultPollIntervalSeconds)
    .describe(
      "Seconds between two polls of this storage by `concord daemon`; a pair is polled at the shorter interval of its sides, and `--interval` overrides both. Default: 300.",
    ),
};

export type RemoteConfig = z.output<z.ZodObject<typeof remoteShape>> & { readonly url: string };

/** The HTTP client options for a storage named `name` with this config. */
export function httpClientOptions(
  name: string,
  config: RemoteConfig,
  context: StorageContext,
): HttpClientOptions {
  return {
    baseUrl: config.url,
    username: config.username,
    password: config.password,
    auth: config.auth,
    bearerCommand: config.bearer_command,
    tls: {
      caFile: config.tls_ca,
      fingerprint: config.tls_fingerprint,
      clientCert: config.tls_cert,
      clientKey: config.tls_key,
    },
    timeoutMs: config.timeout * 1000,
    configKey: `storage.${name}`,
    onRequest: context.explain && ((line) => context.explain?.(`${name}: ${line}`)),
  };
}
