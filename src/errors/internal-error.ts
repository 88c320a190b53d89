import { ConcordError } from "./concord-error.js";

/** A bug in concord itself; the message asks the user to report it. */
export class InternalError extends ConcordError<{ detail?: string }> {
  readonly code = "InternalError";
  readonly disposition = "fatal";
  override readonly name = "InternalError";
}
