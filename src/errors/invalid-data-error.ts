import { ConcordError } from "./concord-error.js";

/**
 * Data that cannot be used as it is: an unparsable answer, a name that would escape its folder,
 * a request the server refused (`status` then holds its HTTP status).
 */
export class InvalidDataError extends ConcordError<{ what: string; status?: number }> {
  readonly code = "InvalidDataError";
  readonly disposition = "item";
  override readonly name = "InvalidDataError";
}
