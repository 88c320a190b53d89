/**
 * The relay's objects on a WebDAV share, through the HTTP client: keys are paths below the relay's
 * collection URL, an object is one resource, a folder one collection.
 *
 * Whole objects or nothing: Apache's mod_dav_fs (httpd 2.4, `dav_fs_open_stream` and
 * `dav_fs_close_stream` in modules/dav/fs/repos.c) writes the body of a PUT to a temp file beside
 * the target (`.davfs.tmpXXXXXX`, which its listings leave out), renames it into place once the
 * body is complete and removes it when the upload breaks, so a reader never sees part of an
 * object. A server that wrote in place could show a half-written object; even then a change set
 * is read only once its index is there, and the index is written after its contents.
 * @module
 */
import { NotFoundError, UnavailableError } from "../../../../errors/index.js";
import type { HttpClient, HttpResponse } from "../../../../http/index.js";
import type { RelayBackend } from "../backend.js";
import { Folders } from "./folders.js";
import { collectionExists, listObjects } from "./listing.js";
import { collectionUrl, foldersOf, objectUrl } from "./urls.js";

/** A relay at `http.baseUrl`, the URL of a collection (its path ends in `/`). */
export function webdavObjects(http: HttpClient): RelayBackend {
  const base = http.baseUrl;
  const folders = new Folders(http);

  /**
   * `answer` for an object or folder that is missing, once the relay's own collection is found:
   * a relay removed from the share, or a mistyped url, must never read as a relay holding nothing.
   */
  async function whenThere<T>(answer: T): Promise<T> {
    if (await collectionExists(http, base)) return answer;
    throw new UnavailableError(`${base.href} is not there (removed from the share, or a mistyped url?)`, {
      storage: base.href,
    });
  }

  /**
   * A whole-object PUT may be sent again: a repeat replaces the object with the same bytes. So
   * it is retried after a dropped connection or a 503 like a GET is.
   */
  const put = (key: string, body: Uint8Array, expect: readonly number[]): Promise<HttpResponse> =>
    http.request({
      method: "PUT",
      url: objectUrl(base, key),
      headers: { "content-type": "application/octet-stream" },
      body,
      idempotent: true,
      expect,
    });

  /** Removes an object or a collection with all it holds; one gone already (404) is no error. */
  async function remove(url: URL): Promise<void> {
    const response = await http.request({ method: "DELETE", url, expect: [200, 204, 404], idempotent: true });
    await response.discard();
  }

  return {
    where: base.href,

    async read(key) {
      const response = await http.request({ method: "GET", url: objectUrl(base, key), expect: [200, 404] });
      if (response.status === 404) {
        await response.discard();
        return whenThere(undefined);
      }
      return gather(response.body as AsyncIterable<Uint8Array>);
    },

    async *open(key) {
      const url = objectUrl(base, key);
      const response = await http.request({ method: "GET", url, expect: [200, 404] });
      if (response.status === 404) {
        await response.discard();
        throw new NotFoundError(`${url.href} is not on the relay`, { what: key });
      }
      yield* response.body as AsyncIterable<Uint8Array>;
    },

    async write(key, content) {
      // A request body is held whole, to be sent again after a challenge or a retry: contents
      // reach a backend in parts of 8 MiB at most (blob-parts.ts), records are in memory anyway.
      const body = content instanceof Uint8Array ? content : await gather(content);
      let response = await put(key, body, [200, 201, 204, 409]);
      if (response.status === 409) {
        // 409: a folder of the key is missing (RFC 4918 §9.7.1).
        await response.discard();
        await folders.makeFor(key);
        response = await put(key, body, [200, 201, 204]);
      }
      await response.discard();
      for (const folder of foldersOf(key)) folders.found(folder);
    },

    list: async (prefix) =>
      (await listObjects(http, base, prefix, (folder) => folders.found(folder))) ?? whenThere([]),

    remove: (key) => remove(objectUrl(base, key)),

    async removeAll(prefix) {
      folders.forget(prefix);
      await remove(collectionUrl(base, prefix));
    },

    close: () => http.close(),
  };
}

async function gather(content: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks);
}
