/**
 * The relay's objects in an S3 bucket, through the HTTP client (keep-alive, retries, time limits)
 * with every request signed (`signer.ts`). A relay key `a/b` is the object `prefix + "a/b"`.
 * @module
 */
import { createHash } from "node:crypto";
import { readBody } from "../../../../contract/index.js";
import { InvalidDataError, NotFoundError } from "../../../../errors/index.js";
import { HttpClient, type HttpClientOptions, type HttpResponse } from "../../../../http/index.js";
import { escapeXmlText } from "../../../dav/xml/xml-escape.js";
import type { RelayBackend, StoredObject } from "../backend.js";
import { keySegments } from "../relay-key.js";
import { type S3Call, s3Call } from "./call.js";
import { listPage, relayKeyOf } from "./listing.js";
import type { S3Location } from "./location.js";
import { type S3Credentials, s3Signer } from "./signer.js";
import { childrenNamed, childText, parseXml } from "./xml.js";

export interface S3ObjectsOptions {
  /** The relay's name in the config, for the keys that messages name. */
  readonly storage: string;
  readonly location: S3Location;
  readonly credentials: S3Credentials;
  /** Receives a line per request, for `-v`. */
  readonly explain?: (line: string) => void;
  /** Keys per page of a listing (default 1000, the most S3 gives). */
  readonly pageSize?: number;
  /** Options of the HTTP client besides those above: retries, time limits. */
  readonly http?: Partial<HttpClientOptions>;
}

/** The largest object `read` takes into memory: relay records and manifests, never file contents. */
const largestRead = 1024 * 1024 * 1024;
/** The largest page of a listing: 1,000 keys of at most 1 KiB each, and their details. */
const largestPage = 16 * 1024 * 1024;
/** S3 takes at most this many keys in one DeleteObjects. */
const deleteBatch = 1000;

export function s3Objects(options: S3ObjectsOptions): RelayBackend {
  const { location, storage } = options;
  const { where, prefix } = location;
  const signer = s3Signer(options.credentials);
  const client = new HttpClient({
    baseUrl: location.endpoint,
    signer,
    configKey: `storage.${storage}`,
    ...(options.explain ? { onRequest: options.explain } : {}),
    ...options.http,
  });
  const call: S3Call = s3Call(client, signer, storage);
  const objectKey = (key: string): string => prefix + keySegments(key, where).join("/");

  const get = (key: string, maxBodyBytes: number): Promise<HttpResponse> =>
    call({ method: "GET", url: location.objectUrl(objectKey(key)), maxBodyBytes });
  const put = async (url: URL, body: Uint8Array): Promise<void> => {
    // Sending it twice stores the same bytes twice: safe to retry.
    await (await call({ method: "PUT", url, body, idempotent: true })).discard();
  };

  const list = async (within: string): Promise<StoredObject[]> => {
    const asked = prefix + within;
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      const query = {
        "list-type": "2",
        prefix: asked,
        "max-keys": String(options.pageSize ?? 1000),
        ...(token === undefined ? {} : { "continuation-token": token }),
      };
      const response = await call({
        method: "GET",
        url: location.bucketUrl(query),
        maxBodyBytes: largestPage,
      });
      const page = listPage(parseXml(await response.text(), response.url), response.url);
      for (const object of page.objects) {
        const key = relayKeyOf(object, prefix, asked, where);
        if (key !== undefined) found.push({ key, size: object.size });
      }
      token = page.next;
    } while (token !== undefined);
    return found;
  };

  return {
    where,

    async read(key) {
      try {
        const response = await get(key, largestRead);
        return await readBody({ open: () => response.body as AsyncIterable<Buffer> });
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },

    async *open(key) {
      // A NotFoundError names the object's URL: its bucket and key.
      const response = await get(key, Number.MAX_SAFE_INTEGER);
      yield* response.body as AsyncIterable<Buffer>;
    },

    async write(key, content) {
      // An object is a record or one part of a content (8 MiB at most, blob-parts.ts): one PUT,
      // which S3 makes visible whole or not at all.
      const body = content instanceof Uint8Array ? content : await readBody({ open: () => content });
      await put(location.objectUrl(objectKey(key)), body);
    },

    list,

    async remove(key) {
      try {
        const url = location.objectUrl(objectKey(key));
        // Removing what is gone already changes nothing: safe to retry.
        await (await call({ method: "DELETE", url, ok: [200, 204], idempotent: true })).discard();
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },

    async removeAll(within) {
      const keys = (await list(within)).map(({ key }) => prefix + key);
      for (let start = 0; start < keys.length; start += deleteBatch) {
        await deleteObjects(call, location.bucketUrl({ delete: "" }), keys.slice(start, start + deleteBatch));
      }
    },

    close: () => client.close(),
  };
}

/** One DeleteObjects: up to 1,000 keys in one request, which S3 wants with a Content-MD5. */
async function deleteObjects(call: S3Call, url: URL, keys: readonly string[]): Promise<void> {
  const objects = keys.map((key) => `<Object><Key>${escapeXmlText(key)}</Key></Object>`).join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>${objects}</Delete>`;
  const md5 = createHash("md5").update(body).digest("base64");
  const response = await call({
    method: "POST",
    url,
    headers: { "content-type": "application/xml", "content-md5": md5 },
    body,
    idempotent: true,
  });
  // Quiet: the answer lists only the keys that could not be removed.
  const failed = childrenNamed(parseXml(await response.text(), response.url), "Error");
  if (failed.length === 0) return;
  const [first] = failed;
  const what = first
    ? `${childText(first, "Key")}: ${childText(first, "Code")}: ${childText(first, "Message")}`
    : "";
  throw new InvalidDataError(
    `POST ${response.url}: ${failed.length} objects were not removed, the first ${what}`,
    {
      what: response.url,
    },
  );
}
