import { ConcordError } from "./concord-error.js";

/** Another concord process is synchronising the same pair. */
export class PairLockedError extends ConcordError<{ pair: string; pid: number }> {
  readonly code = "PairLockedError";
  readonly disposition = "fatal";
  override readonly name = "PairLockedError";
}
