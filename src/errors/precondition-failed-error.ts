import { ConcordError } from "./concord-error.js";

/** The item changed underneath since it was listed (HTTP 412, a vdir file with a new fingerprint). */
export class PreconditionFailedError extends ConcordError<{ what: string }> {
  readonly code = "PreconditionFailedError";
  readonly disposition = "item";
  override readonly name = "PreconditionFailedError";
}
