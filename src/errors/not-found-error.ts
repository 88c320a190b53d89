import { ConcordError } from "./concord-error.js";

/** The item or collection does not exist (any more). */
export class NotFoundError extends ConcordError<{ what: string }> {
  readonly code = "NotFoundError";
  readonly disposition = "item";
  override readonly name = "NotFoundError";
}
