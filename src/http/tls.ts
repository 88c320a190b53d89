/**
 * How concord trusts a server: the system's CAs, plus a CA file, or a pinned certificate
 * fingerprint instead; and how it shows a client certificate to servers that ask for one.
 * @module
 */
import { readFile } from "node:fs/promises";
import type { TLSSocket } from "node:tls";
import { rootCertificates } from "node:tls";
import { buildConnector } from "undici";
import { ConfigError } from "../errors/index.js";
import { errorCodes } from "./error-code.js";

export interface TlsOptions {
  /** A PEM file of CA certificates to trust besides the system's. */
  caFile?: string;
  /**
   * The SHA-256 fingerprint of the server's certificate, in hex, with or without colons. When set,
   * exactly that certificate is trusted, whoever signed it, and no other.
   */
  fingerprint?: string;
  /** A PEM client certificate, for servers that require one; goes with `clientKey`. */
  clientCert?: string;
  /** The unencrypted PEM private key of `clientCert`. */
  clientKey?: string;
}

/** The fingerprint as 64 lower-case hex digits. @throws ConfigError if it is not a SHA-256 fingerprint. */
export function normaliseFingerprint(value: string, configKey: string): string {
  const hex = value.replace(/[:\s]/g, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new ConfigError(
      `${configKey}.tls_fingerprint: expected a SHA-256 fingerprint (64 hex digits, colons allowed), got ${value.length} characters`,
      { key: `${configKey}.tls_fingerprint` },
    );
  }
  return hex;
}

/** The way `openssl x509 -fingerprint -sha256` prints a fingerprint, for messages. */
export function formatFingerprint(hex: string): string {
  return (hex.match(/../g) ?? []).join(":").toUpperCase();
}

/** The server's certificate is not the pinned one. */
export class FingerprintMismatchError extends Error {
  readonly code = "ERR_CONCORD_FINGERPRINT_MISMATCH";

  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `certificate fingerprint ${formatFingerprint(actual)} is not the pinned ${formatFingerprint(expected)}`,
    );
  }
}

/** Codes of a certificate that did not verify, or a handshake that failed: settings to fix, not blips. */
const untrustedCodes = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_CA",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

export function isTlsFailure(error: unknown): boolean {
  return errorCodes(error).some((code) => untrustedCodes.has(code) || code.startsWith("ERR_SSL_"));
}

/**
 * The function undici opens connections with. With a pinned fingerprint, CA verification is off
 * and the certificate is compared after the handshake instead: a `checkServerIdentity` hook
 * cannot do it, since Node skips that hook for a certificate that failed CA verification (any
 * self-signed one) and ignores its verdict once `rejectUnauthorized` is off.
 * @throws ConfigError when a file cannot be read
 */
export async function createConnector(
  tls: TlsOptions | undefined,
  timeoutMs: number,
  configKey: string,
): Promise<buildConnector.connector> {
  const read = (path: string | undefined, what: string, key: string) =>
    path === undefined ? undefined : readPem(path, what, `${configKey}.${key}`);
  const [ca, cert, key] = await Promise.all([
    read(tls?.caFile, "CA file", "tls_ca"),
    read(tls?.clientCert, "client certificate", "tls_cert"),
    read(tls?.clientKey, "client key", "tls_key"),
  ]);
  const pinned =
    tls?.fingerprint === undefined ? undefined : normaliseFingerprint(tls.fingerprint, configKey);
  const connect = buildConnector({
    timeout: timeoutMs,
    // Node's `ca` replaces the system's CAs; the file is meant to add one.
    ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    // No session resumption: every connection shows its certificate afresh, to be compared.
    ...(pinned === undefined ? {} : { rejectUnauthorized: false, maxCachedSessions: 0 }),
  });
  if (pinned === undefined) return connect;
  return (options, callback) =>
    connect(options, (...result) => {
      const [error, socket] = result;
      if (error !== null || options.protocol !== "https:") return callback(...result);
      const actual = ((socket as TLSSocket).getPeerCertificate().fingerprint256 ?? "")
        .replace(/:/g, "")
        .toLowerCase();
      if (actual === pinned) return callback(null, socket);
      socket.destroy();
      callback(new FingerprintMismatchError(pinned, actual), null);
    });
}

/** @param key the option's key in the config, for the message */
async function readPem(path: string, what: string, key: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = errorCodes(error)[0] ?? String(error);
    throw new ConfigError(`${key}: cannot read the ${what} "${path}" (${reason})`, { key });
  }
}
