import { ConcordError } from "./concord-error.js";

/** Data that cannot be used as it is: an unparsable answer, a name that would escape its folder. */
export class InvalidDataError extends ConcordError<{ what: string }> {
  readonly code = "InvalidDataError";
  readonly disposition = "item";
  override readonly name = "InvalidDataError";
}
