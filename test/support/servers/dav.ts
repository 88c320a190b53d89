/**
 * Plain HTTP and WebDAV requests made straight to a server, so tests can arrange and inspect its state
 * without going through the client under test.
 */
import {
  CALDAV,
  CARDDAV,
  DAV,
  childNamed,
  childrenNamed,
  escapeXml,
  parseXml,
  type XmlElement,
} from "./xml.js";

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** A property name in Clark notation, `{namespace}local-name`, e.g. `{DAV:}getetag`. */
export type PropertyName = `{${string}}${string}`;

export interface PropfindResponse {
  readonly href: string;
  /** The properties the server answered with 200, by Clark name. */
  readonly props: ReadonlyMap<PropertyName, XmlElement>;
}

export async function request(
  auth: Credentials,
  method: string,
  url: string | URL,
  init: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Response> {
  const basic = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
  return fetch(url, {
    method,
    headers: { Authorization: `Basic ${basic}`, ...init.headers },
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
}

/** Throws with the server's own words, which are what one needs to understand a failed fixture. */
export async function expectStatus(
  response: Response,
  expected: readonly number[],
  what: string,
): Promise<void> {
  if (expected.includes(response.status)) return;
  const body = await response.text();
  throw new Error(`${what}: expected HTTP ${expected.join(" or ")}, got ${response.status}\n${body}`);
}

export const xmlHeaders = { "Content-Type": "application/xml; charset=utf-8" };

export async function propfind(
  auth: Credentials,
  url: string | URL,
  depth: 0 | 1,
  names: readonly PropertyName[],
  timeoutMs?: number,
): Promise<PropfindResponse[]> {
  const props = names.map((name) => {
    const { ns, local } = splitClark(name);
    return `<${local} xmlns="${escapeXml(ns)}"/>`;
  });
  const response = await request(auth, "PROPFIND", url, {
    headers: { ...xmlHeaders, Depth: String(depth) },
    body: `<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop>${props.join("")}</prop></propfind>`,
    timeoutMs,
  });
  await expectStatus(response, [207], `PROPFIND ${url}`);
  return childrenNamed(parseXml(await response.text()), DAV, "response").map(readResponse);
}

function readResponse(response: XmlElement): PropfindResponse {
  const props = new Map<PropertyName, XmlElement>();
  for (const propstat of childrenNamed(response, DAV, "propstat")) {
    if (!/\s200\s/.test(childNamed(propstat, DAV, "status")?.text ?? "")) continue;
    for (const prop of childNamed(propstat, DAV, "prop")?.children ?? []) {
      props.set(`{${prop.ns}}${prop.name}`, prop);
    }
  }
  return { href: childNamed(response, DAV, "href")?.text.trim() ?? "", props };
}

function splitClark(name: PropertyName): { ns: string; local: string } {
  const close = name.indexOf("}");
  return { ns: name.slice(1, close), local: name.slice(close + 1) };
}

/** The URL in a property holding one `<href>` (current-user-principal, the home sets), made absolute. */
export function hrefProperty(found: PropfindResponse | undefined, name: PropertyName, base: string): string {
  const href = found?.props.get(name);
  const target = href && childNamed(href, DAV, "href")?.text.trim();
  if (!target) throw new Error(`the server did not report ${name}`);
  return new URL(target, base).href;
}

/** MKCALENDAR (RFC 4791 §5.3.1) with a display name, as clients send it. */
export function mkcalendarBody(displayName: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<C:mkcalendar xmlns:D="${DAV}" xmlns:C="${CALDAV}"><D:set><D:prop>` +
    `<D:displayname>${escapeXml(displayName)}</D:displayname>` +
    `</D:prop></D:set></C:mkcalendar>`
  );
}

/** PROPPATCH setting a collection's display name, as a client renaming it would. */
export function proppatchDisplayNameBody(displayName: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<D:propertyupdate xmlns:D="${DAV}"><D:set><D:prop>` +
    `<D:displayname>${escapeXml(displayName)}</D:displayname>` +
    `</D:prop></D:set></D:propertyupdate>`
  );
}

/** Extended MKCOL (RFC 5689 §5.1), the way CardDAV clients create an address book. */
export function mkcolAddressbookBody(displayName: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<D:mkcol xmlns:D="${DAV}" xmlns:CR="${CARDDAV}"><D:set><D:prop>` +
    `<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>` +
    `<D:displayname>${escapeXml(displayName)}</D:displayname>` +
    `</D:prop></D:set></D:mkcol>`
  );
}
