/**
 * One `<D:response>` of a multistatus, as `parseMultistatus` yields it, and the ways to read
 * properties from it.
 * @module
 */
import { davNames } from "./namespaces.js";

/** An element below a property, or a property itself. Names are `{namespace}local`. */
export interface DavElement {
  readonly name: string;
  /**
   * The element's own text (its text and CDATA pieces joined, then trimmed), without the text
   * of its children. XML parsing turns CRLF into LF, so calendar and address data arrive with
   * LF line ends unless the server wrote `&#13;`.
   */
  readonly text: string;
  readonly children: readonly DavElement[];
  /**
   * Attribute values by name; a namespaced attribute is keyed `{namespace}local`. Namespace
   * declarations are not attributes.
   */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A property: `getetag`, `resourcetype`, `calendar-data`, `calendar-home-set`, ... */
export type DavProp = DavElement;

export interface DavPropstat {
  /** The propstat's HTTP status; 200 when the server left it out. */
  readonly status: number;
  /** Properties by name. */
  readonly props: ReadonlyMap<string, DavProp>;
}

export interface DavResponse {
  /** The href as the server sent it, with surrounding whitespace removed. */
  readonly href: string;
  /**
   * The response-level status, present instead of propstats: 404 for a member removed since the
   * sync token, 507 on the request URI when a sync-collection answer was truncated.
   */
  readonly status?: number;
  readonly propstats: readonly DavPropstat[];
  /** Names of the precondition elements inside the response's `<D:error>`, if it has one. */
  readonly error?: readonly string[];
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The properties the server returned with a success status, by name. */
export function okProps(response: DavResponse): ReadonlyMap<string, DavProp> {
  const props = new Map<string, DavProp>();
  for (const propstat of response.propstats) {
    if (!isSuccess(propstat.status)) continue;
    for (const [name, prop] of propstat.props) props.set(name, prop);
  }
  return props;
}

/** Property `name` (a Clark name such as `{DAV:}getetag`) if returned with a success status. */
function okProp(response: DavResponse, name: string): DavProp | undefined {
  for (const propstat of response.propstats) {
    const prop = isSuccess(propstat.status) ? propstat.props.get(name) : undefined;
    if (prop) return prop;
  }
  return undefined;
}

/**
 * The text of property `name` (a Clark name such as `{DAV:}getetag`) if the server returned it
 * with a success status. A property the server reported as 404 is absent, not empty.
 */
export function propText(response: DavResponse, name: string): string | undefined {
  return okProp(response, name)?.text;
}

/**
 * The `<D:href>` values inside property `name` (`current-user-principal`, `calendar-home-set`,
 * which may hold several), if the server returned it with a success status.
 */
export function propHrefs(response: DavResponse, name: string): string[] | undefined {
  return okProp(response, name)
    ?.children.filter((child) => child.name === davNames.href)
    .map((child) => child.text);
}
