/**
 * Finding the collections of an account: the configured URL first (it may be a home set, a
 * principal or a collection), then the RFC 6764 well-known URI, then current-user-principal and
 * the home set; then the collections listed in the home sets.
 * @module
 */
import { ConcordError, NotFoundError } from "../../errors/index.js";
import { asCollectionId, type CollectionId } from "../../contract/index.js";
import type { DavKind } from "./dav-kind.js";
import type { DavSession } from "./dav-session.js";
import { type DavProp, type DavResponse, okProps, propHrefs } from "./xml/dav-response.js";
import { memberName, normalisePath, resolveHref } from "./xml/href.js";
import { davNames } from "./xml/namespaces.js";

/** Where the collections are: home sets to list, or the one collection the URL names. */
export type Homes =
  | { readonly kind: "homes"; readonly urls: readonly URL[] }
  | { readonly kind: "collection"; readonly url: URL };

/** What discovery learns about a collection, kept so that listing knows which report to use. */
export interface DiscoveredCollection {
  readonly id: CollectionId;
  readonly url: URL;
  readonly supportsSyncCollection: boolean;
}

const syncCollectionReport = "{DAV:}sync-collection";

/**
 * What discovery asks of each collection. Not its CTag or sync token: Radicale computes those by
 * hashing every item of every collection in the home, which made listing the home cost seconds;
 * listing a collection asks for them where needed.
 */
export const collectionProps = [davNames.resourcetype, davNames.displayname, davNames.supportedReportSet];

function hasResourceType(props: ReadonlyMap<string, DavProp>, type: string): boolean {
  return props.get(davNames.resourcetype)?.children.some((child) => child.name === type) ?? false;
}

/** Whether a collection's supported-report-set names sync-collection. */
export function supportsSyncCollection(props: ReadonlyMap<string, DavProp>): boolean {
  const reports = props.get(davNames.supportedReportSet);
  const names: string[] = [];
  const walk = (element: DavProp): void => {
    names.push(element.name);
    element.children.forEach(walk);
  };
  if (reports) walk(reports);
  return names.includes(syncCollectionReport);
}

/** URLs of collections end in "/", so that member URLs resolve inside them. */
const asFolder = (url: URL): URL => (url.pathname.endsWith("/") ? url : new URL(`${url.pathname}/`, url));

export async function findHomes(session: DavSession, kind: DavKind, start: URL): Promise<Homes> {
  const attempts: string[] = [];
  const fromUrl = async (url: URL): Promise<Homes | undefined> => {
    attempts.push(url.href);
    let response: DavResponse | undefined;
    try {
      [response] = await session.propfind(url, "0", [
        davNames.resourcetype,
        davNames.currentUserPrincipal,
        kind.homeSet,
      ]);
    } catch (error) {
      // A URL that is no DAV endpoint (404, 405, an answer that is not a multistatus) is not the
      // end: the next place may answer. Credentials that fail are, and so is a server that is
      // down or overloaded: "no home found" would hide why.
      if (error instanceof ConcordError && error.disposition !== "item") throw error;
      return undefined;
    }
    if (!response) return undefined;
    const props = okProps(response);
    const base = new URL(url);
    if (hasResourceType(props, kind.resourceType)) return { kind: "collection", url: asFolder(base) };
    const homes = propHrefs(response, kind.homeSet);
    if (homes && homes.length > 0)
      return { kind: "homes", urls: homes.map((href) => asFolder(resolveHref(base, href))) };
    const principal = propHrefs(response, davNames.currentUserPrincipal)?.[0];
    if (principal === undefined) return undefined;
    const principalUrl = resolveHref(base, principal);
    if (normalisePath(principalUrl.pathname) === normalisePath(base.pathname)) return undefined;
    return fromUrl(principalUrl);
  };
  const found = (await fromUrl(start)) ?? (await fromUrl(new URL(kind.wellKnownPath, start)));
  if (found) return found;
  throw new NotFoundError(
    `${start.href}: found no ${kind.collectionKind === "calendar" ? "calendar" : "address book"} home (asked ${attempts.join(", ")}); give the URL of your principal or home set`,
    { what: start.href },
  );
}

/** The collections of this kind in the home sets (or the one the URL names). */
export async function listCollections(
  session: DavSession,
  kind: DavKind,
  homes: Homes,
): Promise<DiscoveredCollection[]> {
  if (homes.kind === "collection") {
    const props = await session.properties(homes.url, collectionProps);
    return [describeCollection(homes.url, lastSegment(homes.url), props)];
  }
  const collections: DiscoveredCollection[] = [];
  for (const home of homes.urls) {
    for (const response of await session.propfind(home, "1", collectionProps)) {
      const props = okProps(response);
      if (!hasResourceType(props, kind.resourceType)) continue;
      const name = memberName(home, response.href);
      // Only direct members of the home: a server's answer never makes concord look elsewhere.
      if (name === undefined) continue;
      const id = collectionId(name);
      if (id === undefined) continue;
      collections.push(describeCollection(asFolder(resolveHref(home, response.href)), id, props));
    }
  }
  return collections;
}

function describeCollection(
  url: URL,
  id: CollectionId,
  props: ReadonlyMap<string, DavProp>,
): DiscoveredCollection {
  return { id, url, supportsSyncCollection: supportsSyncCollection(props) };
}

/** The id of a collection given by its own URL: its last segment, or "collection" for an odd one. */
function lastSegment(url: URL): CollectionId {
  const name = memberName(new URL("../", url), url);
  return (name === undefined ? undefined : collectionId(name)) ?? asCollectionId("collection");
}

/** The collection's id: its last path segment, when that can be an id at all. */
function collectionId(name: string): CollectionId | undefined {
  try {
    return asCollectionId(name);
  } catch {
    return undefined;
  }
}
