import { ConcordError } from "./concord-error.js";

/** The server asked us to slow down (HTTP 429 or 503 with Retry-After). */
export class RateLimitedError extends ConcordError<{ url: string; retryAfterMs?: number }> {
  readonly code = "RateLimitedError";
  readonly disposition = "retryable";
  override readonly name = "RateLimitedError";
}
