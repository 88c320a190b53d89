import { ConcordError } from "./concord-error.js";

/**
 * A storage is not there, or not the one the status knows (an unplugged disk, an empty mount
 * point, another tree's mark): nothing of the pair is synchronised, since every item would look
 * deleted. Other pairs go on.
 */
export class UnavailableError extends ConcordError<{ storage: string }> {
  readonly code = "UnavailableError";
  readonly disposition = "collection";
  override readonly name = "UnavailableError";
}
