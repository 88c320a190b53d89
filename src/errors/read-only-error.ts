import { ConcordError } from "./concord-error.js";

/** A write was asked of a storage that only reads. */
export class ReadOnlyError extends ConcordError<{ storage: string }> {
  readonly code = "ReadOnlyError";
  readonly disposition = "item";
  override readonly name = "ReadOnlyError";
}
