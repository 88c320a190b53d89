/**
 * Authentication by a signature over each request (AWS Signature V4 and the like), for servers
 * that take no username and password but a proof that the sender holds a key.
 * @module
 */
import type { RequestBody } from "./redirect.js";

/** A request as it is about to go on the wire. Header names are lower case. */
export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  /** Every header that will be sent, except those the HTTP library adds (Host, Content-Length). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
}

export interface RequestSigner {
  /**
   * The headers to add to the request: `authorization` and whatever else the signature covers (a
   * date, a hash of the body). Called for every request sent, retries included, since a signature
   * holds the time it was made.
   */
  sign(request: SignableRequest): Promise<Readonly<Record<string, string>>>;
  /** The secrets it signs with, once resolved, so that messages can blot them out. */
  secrets(): Iterable<string>;
}
