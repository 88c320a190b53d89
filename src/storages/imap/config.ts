/**
 * The `[storage.NAME]` table of the `imap` storage: a mail account on an IMAP server.
 * @module
 */
import { isIP } from "node:net";
import { z } from "zod";
import { pathSchema, secretSchema, storageCommonShape } from "../../config/common.js";
import { remoteShape } from "../remote/config.js";

export const securities = ["tls", "starttls", "none"] as const;
export type Security = (typeof securities)[number];

/** The port each kind of security listens on by convention (RFC 8314: 993 for IMAP over TLS). */
export const defaultPorts: Readonly<Record<Security, number>> = { tls: 993, starttls: 143, none: 143 };

/** Whether `host` names this machine: the only place a password may travel in the clear. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1";
}

export const imapConfigSchema = z
  .strictObject({
    type: z.literal("imap").describe("A mail account on an IMAP server."),
    host: z.string().min(1).describe("The server's host name or address."),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('The server\'s port. Default: 993 with security = "tls", 143 otherwise.'),
    security: z
      .enum(securities)
      .default("tls")
      .describe(
        'How the connection is protected. "tls" (default): TLS from the start; "starttls": plain, then upgraded with STARTTLS, which must succeed; "none": no protection, accepted only for a server on this machine (localhost, 127.0.0.1, ::1).',
      ),
    username: z.string().min(1).describe("The user name to log in with."),
    password: secretSchema
      .optional()
      .describe('The password: inline, or { cmd = [...] }, { file = "..." } or { env = "VAR" }.'),
    oauth2: z
      .strictObject({
        token_cmd: z
          .array(z.string())
          .min(1)
          .describe("A command printing an OAuth 2.0 access token on its first line."),
      })
      .optional()
      .describe(
        "Log in with an OAuth 2.0 access token (SASL XOAUTH2, as Gmail and Outlook want) instead of a password: { token_cmd = [...] }.",
      ),
    ca_file: pathSchema
      .optional()
      .describe(
        "A PEM file of CA certificates to trust besides the system's, for a server with a private CA.",
      ),
    timeout: z
      .number()
      .positive()
      .default(60)
      .describe(
        "Seconds to wait for the connection, the greeting, and any answer from the server. Default: 60.",
      ),
    interval: remoteShape.interval,
    ...storageCommonShape,
  })
  .superRefine((config, context) => {
    const credentials = [config.password, config.oauth2].filter((given) => given !== undefined).length;
    if (credentials !== 1) {
      context.addIssue({
        code: "custom",
        path: ["password"],
        message: "expected either password or oauth2 (exactly one of them)",
      });
    }
    if (config.security === "none" && !isLoopback(config.host)) {
      context.addIssue({
        code: "custom",
        path: ["security"],
        message: `"none" would send the password in the clear to ${config.host}: use "tls" or "starttls" (only a server on this machine may go without)`,
      });
    }
  });

export type ImapConfig = z.output<typeof imapConfigSchema>;
