/**
 * The folders of a relay on a WebDAV share that this run made or found, so that each is made by
 * one MKCOL at most, however many writes wait for it, and is not asked for again. The relay's own
 * collection is never made: like a relay's folder, it is there before `relay init`.
 * @module
 */
import type { HttpClient } from "../../../../http/index.js";
import { collectionUrl, foldersOf } from "./urls.js";

export class Folders {
  /** By folder (a prefix ending in `/`): made, found, or being made. */
  private readonly known = new Map<string, Promise<void>>();

  constructor(private readonly http: HttpClient) {}

  /** Records that `folder` exists: a listing found it, or a write went into it. */
  found(folder: string): void {
    if (!this.known.has(folder)) this.known.set(folder, Promise.resolve());
  }

  /** Forgets `prefix` and every folder below it, removed. */
  forget(prefix: string): void {
    for (const folder of this.known.keys()) if (folder.startsWith(prefix)) this.known.delete(folder);
  }

  /** Makes the folders `key` lies in that are not known, from the top down. */
  async makeFor(key: string): Promise<void> {
    for (const folder of foldersOf(key)) {
      let making = this.known.get(folder);
      if (making === undefined) {
        making = this.make(collectionUrl(this.http.baseUrl, folder));
        this.known.set(folder, making);
        // The writes waiting on it are told of a failure; a later write tries again.
        making.catch(() => this.known.delete(folder));
      }
      await making;
    }
  }

  private async make(url: URL): Promise<void> {
    const mkcol = (expect: readonly number[]) =>
      this.http.request({ method: "MKCOL", url, expect, idempotent: true });
    // 405: there already (RFC 4918 §9.3.1), made by another place. Apache answers 403 instead
    // when another request made it between its check and its own mkdir (EEXIST); asked again, it
    // says 405 then, and 403 again to a true refusal, which the client words as an error.
    const first = await mkcol([201, 403, 405]);
    await first.discard();
    if (first.status === 403) await (await mkcol([201, 405])).discard();
  }
}
