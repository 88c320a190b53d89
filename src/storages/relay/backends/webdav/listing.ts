/**
 * Listing a relay on a WebDAV share: one PROPFIND of Depth 1 per collection, walked down, since
 * Apache (`DavDepthInfinity Off`) and most servers refuse Depth infinity. Every href in an answer
 * is untrusted: it becomes part of a key only if it names a direct member of the collection
 * asked about, by one name that could be a key's segment.
 * @module
 */
import { InvalidDataError } from "../../../../errors/index.js";
import type { HttpClient, HttpResponse } from "../../../../http/index.js";
import {
  davNames,
  memberName,
  normalisePath,
  okProps,
  parseMultistatus,
  propfindBody,
  resolveHref,
} from "../../../dav/xml/index.js";
import type { StoredObject } from "../backend.js";
import { isPlainKey } from "../relay-key.js";
import { collectionUrl } from "./urls.js";

const wanted = [davNames.resourcetype, davNames.getcontentlength];
const body = propfindBody(wanted);

/** What one collection holds: objects with their sizes, and the collections inside it. */
interface Members {
  readonly objects: StoredObject[];
  readonly folders: string[];
}

/**
 * Every object below `folder` (`""` or a prefix ending in `/`) of the relay at `base`, or
 * undefined when the folder does not exist. `seen` is told of each collection found, which
 * therefore exists.
 */
export async function listObjects(
  http: HttpClient,
  base: URL,
  folder: string,
  seen: (folder: string) => void,
): Promise<StoredObject[] | undefined> {
  const members = await readCollection(http, base, folder);
  if (members === undefined) return undefined;
  seen(folder);
  // A folder removed between its parent's listing and its own held nothing any more.
  const below = await Promise.all(members.folders.map((inner) => listObjects(http, base, inner, seen)));
  return [...members.objects, ...below.flatMap((objects) => objects ?? [])];
}

/** Whether the collection at `url` exists. */
export async function collectionExists(http: HttpClient, url: URL): Promise<boolean> {
  const response = await propfind(http, url, "0");
  await response?.discard();
  return response !== undefined;
}

/** A PROPFIND of `url` for the properties listings want, or undefined for a 404. */
async function propfind(http: HttpClient, url: URL, depth: "0" | "1"): Promise<HttpResponse | undefined> {
  const response = await http.request({
    method: "PROPFIND",
    url,
    headers: { depth, "content-type": "application/xml; charset=utf-8" },
    body,
    expect: [207, 404],
  });
  if (response.status === 207) return response;
  await response.discard();
  return undefined;
}

async function readCollection(http: HttpClient, base: URL, folder: string): Promise<Members | undefined> {
  const url = collectionUrl(base, folder);
  const response = await propfind(http, url, "1");
  if (response === undefined) return undefined;
  const members: Members = { objects: [], folders: [] };
  for await (const answer of parseMultistatus(response.body, { url: url.href, wanted })) {
    const target = resolveHref(url, answer.href);
    if (isSelf(url, target)) continue;
    const name = memberName(url, target);
    if (name === undefined || name.includes("/") || !isPlainKey(name)) {
      throw new InvalidDataError(
        `PROPFIND ${url.href}: the server listed ${JSON.stringify(answer.href)}, which is not a member of the collection; refusing it`,
        { what: url.href },
      );
    }
    const props = okProps(answer);
    const collection = props
      .get(davNames.resourcetype)
      ?.children.some((child) => child.name === davNames.collection);
    if (collection) members.folders.push(`${folder}${name}/`);
    else {
      const size = props.get(davNames.getcontentlength)?.text;
      members.objects.push({ key: `${folder}${name}`, size: sizeOf(size, url, answer.href) });
    }
  }
  return members;
}

/** Whether `target` is the collection `url` itself, which a Depth 1 answer lists first. */
function isSelf(url: URL, target: URL): boolean {
  const path = (of: URL) => normalisePath(of.pathname).replace(/\/$/, "");
  return target.origin === url.origin && path(target) === path(url);
}

/** An object's size from its `getcontentlength`, which every object must have. */
function sizeOf(text: string | undefined, url: URL, href: string): number {
  const size = Number(text);
  if (text === undefined || text === "" || !Number.isSafeInteger(size) || size < 0) {
    throw new InvalidDataError(
      `PROPFIND ${url.href}: ${JSON.stringify(href)} has no usable getcontentlength (${JSON.stringify(text)})`,
      { what: url.href },
    );
  }
  return size;
}
