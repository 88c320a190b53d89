/**
 * Following redirects by hand, so that every rule about credentials and methods is ours and not a
 * library's default.
 * @module
 */
import { bareUrl } from "./redact.js";

/** A request body. Held in memory, because it is sent again after a redirect, a challenge or a retry. */
export type RequestBody = string | Uint8Array;

/** One request on its way through redirects. Header names are lower case. */
export interface Hop {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
}

export const maxRedirects = 5;

/** The statuses that are followed; 300 and 304 are answers, not redirects. */
export const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Methods whose redirect behaviour browsers define; every other method (WebDAV's) is kept as it is. */
const browserMethods = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]);

/** Headers that would hand a credential to whoever the redirect points at. */
const credentialHeaders = ["authorization", "cookie"];

export type RedirectDecision = { readonly follow: Hop } | { readonly refuse: string };

/**
 * Where a redirect leads, or why it is not followed.
 * @param redirectsSoFar how many redirects this request has followed already
 */
export function redirect(
  hop: Hop,
  status: number,
  location: string | undefined,
  redirectsSoFar: number,
): RedirectDecision {
  if (location === undefined) return { refuse: `${status} redirect without a Location header` };
  if (redirectsSoFar >= maxRedirects) return { refuse: `more than ${maxRedirects} redirects` };
  if (!URL.canParse(location, hop.url.href)) return { refuse: `redirect to an invalid Location` };
  const target = bareUrl(new URL(location, hop.url));
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    return { refuse: `redirect to a ${target.protocol} URL` };
  }
  if (hop.url.protocol === "https:" && target.protocol === "http:") {
    return { refuse: `redirect from https to plain http (${target.origin}) refused` };
  }

  const method = methodAfter(hop.method, status);
  const headers: Record<string, string> = { ...hop.headers };
  if (target.origin !== hop.url.origin) {
    for (const name of credentialHeaders) delete headers[name];
  }
  if (method !== hop.method) {
    // The body goes, and with it every header describing it.
    for (const name of Object.keys(headers)) if (name.startsWith("content-")) delete headers[name];
    return { follow: { method, url: target, headers } };
  }
  return { follow: { ...hop, url: target, headers } };
}

/**
 * 307 and 308 always keep the method. 301, 302 and 303 turn a request into GET the way browsers
 * do (RFC 9110 §15.4), but only for browsers' methods: a PROPFIND turned into GET would return a
 * web page instead of a multistatus, so WebDAV methods are kept.
 */
function methodAfter(method: string, status: number): string {
  if (!browserMethods.has(method)) return method;
  if (status === 303 && method !== "GET" && method !== "HEAD") return "GET";
  if ((status === 301 || status === 302) && method === "POST") return "GET";
  return method;
}
