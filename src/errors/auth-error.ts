import { ConcordError } from "./concord-error.js";

/** The server refused the credentials. */
export class AuthError extends ConcordError<{ url: string }> {
  readonly code = "AuthError";
  readonly disposition = "fatal";
  override readonly name = "AuthError";
}
