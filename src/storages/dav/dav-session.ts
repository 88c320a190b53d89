/**
 * DAV requests over the storage's HTTP client: PROPFIND and REPORT answered by a multistatus that
 * is parsed as it streams in, and the plain writes.
 * @module
 */
import type { HttpClient, HttpResponse } from "../../http/index.js";
import { type DavProp, type DavResponse, okProps } from "./xml/dav-response.js";
import { type Multistatus, parseMultistatus } from "./xml/multistatus.js";
import { propfindBody } from "./xml/bodies.js";

const xmlContentType = "application/xml; charset=utf-8";

export class DavSession {
  constructor(readonly http: HttpClient) {}

  /** A multistatus answer, streamed. Anything but 207 is an error naming the URL and the status. */
  async multistatus(
    method: "PROPFIND" | "REPORT" | "PROPPATCH",
    url: URL,
    body: string,
    options: { depth?: "0" | "1"; wanted?: readonly string[]; retry?: boolean } = {},
  ): Promise<Multistatus> {
    const headers: Record<string, string> = { "content-type": xmlContentType };
    if (options.depth !== undefined) headers.depth = options.depth;
    const response = await this.http.request({
      method,
      url,
      headers,
      body,
      expect: [207],
      ...(options.retry === false ? { idempotent: false } : {}),
    });
    return parseMultistatus(response.body, { url: response.url, wanted: options.wanted });
  }

  /** PROPFIND for `props`, every response collected (for the small answers of discovery). */
  async propfind(url: URL, depth: "0" | "1", props: readonly string[]): Promise<DavResponse[]> {
    const responses: DavResponse[] = [];
    for await (const response of await this.multistatus("PROPFIND", url, propfindBody(props), {
      depth,
      wanted: props,
    }))
      responses.push(response);
    return responses;
  }

  /** The properties of `url` itself, as a PROPFIND with Depth 0 reports them with a success status. */
  async properties(url: URL, props: readonly string[]): Promise<ReadonlyMap<string, DavProp>> {
    const [first] = await this.propfind(url, "0", props);
    return first ? okProps(first) : new Map();
  }

  request(
    method: string,
    url: URL,
    options: {
      headers?: Record<string, string>;
      body?: string | Uint8Array;
      expect?: readonly number[];
    } = {},
  ): Promise<HttpResponse> {
    return this.http.request({
      method,
      url,
      headers: options.headers,
      body: options.body,
      expect: options.expect,
    });
  }
}
