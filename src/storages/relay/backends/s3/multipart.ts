/**
 * Writing an object too large to hold in memory: S3's multipart upload, one part at a time. Like a
 * single PUT it is atomic: the object appears, whole, only when the upload is completed.
 * @module
 */
import { InvalidDataError, TransientError } from "../../../../errors/index.js";
import { excerpt } from "../../../../http/index.js";
import { escapeXmlText } from "../../../dav/xml/xml-escape.js";
import type { S3Call } from "./call.js";
import { complaint } from "./errors.js";
import { childText, parseXml } from "./xml.js";

/** A part of the content, and whether it is the last. */
export interface Part {
  readonly bytes: Uint8Array;
  readonly last: boolean;
}

/**
 * The content in parts of at least `size` bytes (the last may be smaller, or empty for an empty
 * content). One chunk is read ahead, to know whether a part is the last.
 */
export async function* parts(content: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Part> {
  const source = content[Symbol.asyncIterator]();
  try {
    let next = await source.next();
    for (;;) {
      const held: Uint8Array[] = [];
      let bytes = 0;
      while (!next.done && bytes < size) {
        held.push(next.value);
        bytes += next.value.byteLength;
        next = await source.next();
      }
      yield { bytes: Buffer.concat(held), last: next.done === true };
      if (next.done) return;
    }
  } finally {
    await source.return?.();
  }
}

/**
 * Uploads `first` and the parts after it as the object at `url`. A failed upload is aborted, so
 * that its parts stop taking space; one cut off by a kill stays until a lifecycle rule (AWS's
 * AbortIncompleteMultipartUpload) removes it.
 * @param withQuery the object's URL with a query
 */
export async function uploadInParts(
  call: S3Call,
  withQuery: (query: Readonly<Record<string, string>>) => URL,
  first: Part,
  rest: AsyncIterator<Part>,
): Promise<void> {
  const created = await call({ method: "POST", url: withQuery({ uploads: "" }), idempotent: true });
  const uploadId = childText(parseXml(await created.text(), created.url), "UploadId");
  if (!uploadId) {
    throw new InvalidDataError(`POST ${created.url}: the answer names no upload`, { what: created.url });
  }
  const upload = (query: Readonly<Record<string, string>> = {}) => withQuery({ ...query, uploadId });
  try {
    const etags: string[] = [];
    for (let part = first; ;) {
      const url = upload({ partNumber: String(etags.length + 1) });
      const sent = await call({ method: "PUT", url, body: part.bytes, idempotent: true });
      await sent.discard();
      etags.push(sent.header("etag") ?? "");
      const next = part.last ? undefined : await rest.next();
      if (next === undefined || next.done === true) break;
      part = next.value;
    }
    const list = etags.map(
      (etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXmlText(etag)}</ETag></Part>`,
    );
    const completed = await call({
      method: "POST",
      url: upload(),
      headers: { "content-type": "application/xml" },
      body: `<CompleteMultipartUpload>${list.join("")}</CompleteMultipartUpload>`,
      idempotent: true,
    });
    // S3 may answer 200 and fail all the same, with an <Error> in the body it sends while it works.
    const text = await completed.text();
    const failed = complaint(text);
    if (failed !== undefined) {
      const said = excerpt(`${failed.code}: ${failed.message}`);
      throw new TransientError(`POST ${completed.url}: the upload was not completed: ${said}`, {
        url: completed.url,
      });
    }
  } catch (error) {
    await call({ method: "DELETE", url: upload(), ok: [200, 204], idempotent: true })
      .then((response) => response.discard())
      .catch(() => undefined);
    throw error;
  }
}
