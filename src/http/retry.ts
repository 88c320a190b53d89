/**
 * When a failed request may be sent again, and how long to wait before doing so.
 * @module
 */
import { errorCodes } from "./error-code.js";

/** How a client retries; every field has a default. */
export interface RetryOptions {
  /** How many times a failed request that is safe to repeat is sent again (default 4). */
  retries?: number;
  /** The wait before the first retry; each further retry doubles it, plus jitter (default 500 ms). */
  retryBaseDelayMs?: number;
  /**
   * The longest wait between attempts, and the longest `Retry-After` honoured (default 60 s). A
   * server asking for a longer pause fails the request at once with a RateLimitedError that
   * carries its wish, so that the caller can schedule the next run instead of blocking.
   */
  maxRetryDelayMs?: number;
  /** How to wait; replaceable so that the caller controls time (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** Statuses that say "not now" rather than "not ever". */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Methods that change nothing on the server (RFC 9110 §9.2.1; REPORT per RFC 3253 §3.6). */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"]);

/**
 * Whether sending the request twice does no harm. A PUT or DELETE guarded by `If-Match` or
 * `If-None-Match` qualifies: if the first one got through, the repeat fails its precondition
 * instead of overwriting anything, and the next sync sees the true state.
 * @param headers with lower-case names
 */
export function isIdempotent(method: string, headers: Readonly<Record<string, string>>): boolean {
  if (safeMethods.has(method)) return true;
  const guarded = headers["if-match"] !== undefined || headers["if-none-match"] !== undefined;
  return guarded && (method === "PUT" || method === "DELETE");
}

/** Failures that happen before a request is sent, so that any method may be tried again. */
const notSentCodes = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

export function neverReachedServer(error: unknown): boolean {
  return errorCodes(error).some((code) => notSentCodes.has(code));
}

/**
 * The wait before retry number `retry` (0 for the first): exponential, with half of it random so
 * that many clients knocked over by the same outage do not return in step.
 */
export function backoffDelayMs(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const full = Math.min(maxMs, baseMs * 2 ** retry);
  return Math.round(full / 2 + (random() * full) / 2);
}
