/**
 * The one place where a failed HTTP exchange becomes a concord error. Every message names the
 * method and the URL; the URL comes without userinfo, and nothing here ever sees a credential.
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
  /** Without userinfo: see `displayUrl`. */
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

export function httpError(exchange: Exchange, problem: HttpProblem): ConcordError {
  const what = `${exchange.method} ${exchange.url}`;
  const data = { url: exchange.url };
  switch (problem.kind) {
    case "status":
      return statusError(what, exchange.url, problem);
    case "too-large":
      return new InvalidDataError(
        `${what}: the answer is larger than ${formatBytes(problem.limitBytes)}, cut off`,
        {
          what: exchange.url,
        },
      );
    case "redirect":
      return new InvalidDataError(`${what}: ${problem.reason}`, { what: exchange.url });
    case "network": {
      const { cause, timeoutMs } = problem;
      const after = attemptsNote(problem.attempts);
      if (cause instanceof FingerprintMismatchError) {
        return new ConfigError(
          `${what}: the server's certificate has the SHA-256 fingerprint ${formatFingerprint(cause.actual)}, ` +
            `not the pinned ${formatFingerprint(cause.expected)}; if the certificate was renewed, pin the new one`,
          {},
          { cause },
        );
      }
      if (isTlsFailure(cause)) {
        return new ConfigError(
          `${what}: TLS failed (${errorCodes(cause).join(", ")}); check the tls settings: a CA file for a private CA, ` +
            `a pinned fingerprint for a self-signed certificate, a client certificate if the server wants one`,
          {},
          { cause },
        );
      }
      const codes = errorCodes(cause);
      const seconds = `${timeoutMs / 1000} s`;
      if (codes.includes("UND_ERR_CONNECT_TIMEOUT")) {
        return new TransientError(`${what}: no connection within ${seconds}${after}`, data, { cause });
      }
      if (codes.includes("UND_ERR_HEADERS_TIMEOUT")) {
        return new TransientError(`${what}: no answer within ${seconds}${after}`, data, { cause });
      }
      if (codes.includes("UND_ERR_BODY_TIMEOUT")) {
        return new TransientError(`${what}: the answer stalled for more than ${seconds}${after}`, data, {
          cause,
        });
      }
      if (codes.some((code) => transientCodes.has(code) || code.startsWith("HPE_"))) {
        const detail = cause instanceof Error ? cause.message : String(cause);
        return new TransientError(`${what}: ${detail} (${codes.join(", ")})${after}`, data, { cause });
      }
      return classify(cause, what);
    }
  }
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
  if (status === 403 && problem.credentialsSent) {
    return new AuthError(`${line}: access refused with these credentials; check username/password`, { url });
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
  if (status >= 500) return new TransientError(`${withExcerpt}${after}`, { url });
  if (status >= 400) return new InvalidDataError(withExcerpt, { what: url });
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
