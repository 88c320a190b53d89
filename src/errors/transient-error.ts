import { ConcordError } from "./concord-error.js";

/** A failure that may pass if the same request is tried again (connection reset, 5xx, timeout). */
export class TransientError extends ConcordError<{ url?: string }> {
  readonly code = "TransientError";
  readonly disposition = "retryable";
  override readonly name = "TransientError";
}
