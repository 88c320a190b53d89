/**
 * One request to S3 through the HTTP client, with S3's refusals read from their `<Error>` body
 * (`errors.ts`) instead of the client's generic wording.
 * @module
 */
import type { HttpClient, HttpRequest, HttpResponse, RequestSigner } from "../../../../http/index.js";
import { refusalStatuses, s3Error } from "./errors.js";

export interface S3Request extends Omit<HttpRequest, "expect"> {
  readonly url: URL;
  /** The statuses that mean success (default 200). */
  readonly ok?: readonly number[];
}

export type S3Call = (request: S3Request) => Promise<HttpResponse>;

/** How much of an error body is read: S3's are a few hundred bytes. */
const errorBodyBytes = 64 * 1024;

/** @param storage the relay's name in the config, for the keys errors name */
export function s3Call(client: HttpClient, signer: RequestSigner, storage: string): S3Call {
  return async ({ ok = [200], ...request }) => {
    const response = await client.request({ ...request, expect: [...ok, ...refusalStatuses] });
    if (ok.includes(response.status)) return response;
    const body = await response.text(errorBodyBytes).catch(() => "");
    const refusal = {
      method: request.method,
      url: response.url,
      status: response.status,
      body,
      bucketRegion: response.header("x-amz-bucket-region"),
    };
    throw s3Error(refusal, storage, signer.secrets());
  };
}
