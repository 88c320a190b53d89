import { ConcordError } from "./concord-error.js";

/** The storage cannot do what was asked of it (creating a collection on a read-only feed). */
export class UnsupportedError extends ConcordError<{ what: string }> {
  readonly code = "UnsupportedError";
  readonly disposition = "collection";
  override readonly name = "UnsupportedError";
}
