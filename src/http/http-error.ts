/**
 * The one place where a failed HTTP exchange becomes a concord error. Every message names the
 * method and the URL. Neither the URL nor an error page's excerpt arrive here with a credential in
 * them: the client strips userinfo and hides known secrets first.
 * @module
 */
import { STATUS_CODES } from "node:http";
import {
  AuthError,
  type ConcordError,
  ConfigError,
  InvalidDataError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  TransientError,
  classify,
} from "../errors/index.js";
import { errorCodes } from "./error-code.js";
import { FingerprintMismatchError, formatFingerprint, isTlsFailure } from "./tls.js";

/** The request that failed, as it may be shown. */
export interface Exchange {
  readonly method: string;
  /** Without userinfo (see `bareUrl`), secrets hidden. */
  readonly url: string;
}

export type HttpProblem =
  | {
      readonly kind: "status";
      readonly status: number;
      /** Whether the request carried credentials: a 403 then means they are not good enough. */
      readonly credentialsSent: boolean;
      /** What the user should check after a 401. */
      readonly authHint?: string;
      readonly retryAfterMs?: number;
      /** A printable excerpt of the error page, secrets hidden. */
      readonly excerpt?: string;
      readonly attempts?: number;
    }
  | {
      readonly kind: "network";
      readonly cause: unknown;
      readonly timeoutMs: number;
      readonly attempts?: number;
    }
  | { readonly kind: "too-large"; readonly limitBytes: number }
  | { readonly kind: "redirect"; readonly reason: string };

/** Codes of a connection that failed or broke, or an answer that was cut or garbled. */
const transientCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_HEADERS_OVERFLOW",
]);

/** What each of undici's time limits means. */
const timeoutWording: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: "no connection within",
  UND_ERR_HEADERS_TIMEOUT: "no answer within",
  UND_ERR_BODY_TIMEOUT: "the answer stalled for more than",
};

export function httpError(exchange: Exchange, problem: HttpProblem): ConcordError {
  const what = `${exchange.method} ${exchange.url}`;
  const url = exchange.url;
  switch (problem.kind) {
    case "status":
      return statusError(what, url, problem);
    case "network":
      return networkError(what, url, problem);
    case "too-large": {
      const limit = formatBytes(problem.limitBytes);
      return new InvalidDataError(`${what}: the answer is larger than ${limit}, cut off`, { what: url });
    }
    case "redirect":
      return new InvalidDataError(`${what}: ${problem.reason}`, { what: url });
  }
}

function networkError(
  what: string,
  url: string,
  problem: Extract<HttpProblem, { kind: "network" }>,
): ConcordError {
  const { cause } = problem;
  if (cause instanceof FingerprintMismatchError) {
    return new ConfigError(
      `${what}: the server's certificate has the SHA-256 fingerprint ${formatFingerprint(cause.actual)}, ` +
        `not the pinned ${formatFingerprint(cause.expected)}; if the certificate was renewed, pin the new one in tls_fingerprint`,
      {},
      { cause },
    );
  }
  const codes = errorCodes(cause);
  if (isTlsFailure(cause)) {
    return new ConfigError(
      `${what}: TLS failed (${codes.join(", ")}); set tls_ca for a private CA, tls_fingerprint to pin ` +
        `a self-signed certificate, tls_cert and tls_key if the server wants a client certificate`,
      {},
      { cause },
    );
  }
  const after = attemptsNote(problem.attempts);
  const timeout = codes.find((code) => code in timeoutWording);
  if (timeout !== undefined) {
    const wording = `${timeoutWording[timeout]} ${problem.timeoutMs / 1000} s`;
    return new TransientError(`${what}: ${wording}${after}`, { url }, { cause });
  }
  if (codes.some((code) => transientCodes.has(code) || code.startsWith("HPE_"))) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new TransientError(`${what}: ${detail} (${codes.join(", ")})${after}`, { url }, { cause });
  }
  // Anything else is no network trouble but a mistake in concord, which classify words as such.
  return classify(cause, what);
}

function statusError(
  what: string,
  url: string,
  problem: Extract<HttpProblem, { kind: "status" }>,
): ConcordError {
  const { status, excerpt, retryAfterMs } = problem;
  const line = `${what}: ${status} ${STATUS_CODES[status] ?? "(unknown status)"}`;
  const after = attemptsNote(problem.attempts);
  const withExcerpt = excerpt ? `${line}: ${excerpt}` : line;
  if (status === 401) {
    return new AuthError(`${line}: ${problem.authHint ?? "check username/password"}`, { url });
  }
  if (status === 403) {
    // A refusal of this one request (a read-only calendar, a rejected item, a sync token the
    // server forgot), not of the login: that is 401. The rest of the run goes on.
    const hint = problem.credentialsSent ? "refused for this account" : "refused";
    return new InvalidDataError(`${line}: ${hint}${excerpt ? `: ${excerpt}` : ""}`, { what: url, status });
  }
  if (status === 404 || status === 410) return new NotFoundError(line, { what: url });
  if (status === 412) {
    return new PreconditionFailedError(`${line}: the item changed on the server since it was listed`, {
      what: url,
    });
  }
  if (status === 429 || status === 503) {
    const wait =
      retryAfterMs === undefined ? "" : `; the server asks to wait ${Math.ceil(retryAfterMs / 1000)} s`;
    return new RateLimitedError(`${line}${wait}${after}`, {
      url,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  // 507 Insufficient Storage refuses this item for good; trying again would not help.
  if (status >= 500 && status !== 507) return new TransientError(`${withExcerpt}${after}`, { url });
  if (status >= 400) return new InvalidDataError(withExcerpt, { what: url, status });
  return new InvalidDataError(`${line}: not an answer concord expected here`, { what: url });
}

function attemptsNote(attempts: number | undefined): string {
  return attempts !== undefined && attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : `${bytes} bytes`;
}
