import { ConcordError } from "./concord-error.js";

/** A collection cannot be synchronised in this run; other collections go on. */
export class CollectionError extends ConcordError<{ collection: string }> {
  readonly code = "CollectionError";
  readonly disposition = "collection";
  override readonly name = "CollectionError";
}
