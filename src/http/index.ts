/**
 * The HTTP layer every remote storage (CalDAV, CardDAV, WebCal) builds on.
 * @module
 */
export type { AuthScheme, CredentialOptions } from "./authenticator.js";
export { HttpClient, type HttpClientOptions, type HttpRequest } from "./client.js";
export { excerpt } from "./excerpt.js";
export { type Exchange, type HttpProblem, httpError } from "./http-error.js";
export { hideSecrets } from "./redact.js";
export type { RequestBody } from "./redirect.js";
export type { HttpResponse } from "./response.js";
export type { RetryOptions } from "./retry.js";
export type { RequestSigner, SignableRequest } from "./signer.js";
export type { TlsOptions } from "./tls.js";
