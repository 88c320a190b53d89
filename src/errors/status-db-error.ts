import { ConcordError } from "./concord-error.js";

/** The status database cannot be opened, read or written. */
export class StatusDbError extends ConcordError<{ path: string }> {
  readonly code = "StatusDbError";
  readonly disposition = "fatal";
  override readonly name = "StatusDbError";
}
