/**
 * A response whose body streams: nothing is held in memory unless `text()` asks for it, a body
 * past its size cap is cut off, and a body that breaks or stalls fails with a concord error.
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { ConcordError, InternalError } from "../errors/index.js";
import type { HttpProblem } from "./http-error.js";

/** A response body as undici hands it over. */
export type RawBody = Dispatcher.ResponseData["body"];

/** What a response needs to know to enforce its limits and to word its errors. */
export interface BodyLimits {
  /** The largest body accepted, in bytes. */
  readonly maxBytes: number;
  /** The longest pause between chunks, enforced by undici; named in the error. */
  readonly idleTimeoutMs: number;
  /** Turns a failure into the error to throw: it knows the method and the URL. */
  readonly fail: (problem: HttpProblem) => ConcordError;
}

/**
 * A response as the caller gets it, headers in. Its body is to be read (`body`, `text()`) or
 * discarded (`discard()`): until then, a large body keeps its connection busy.
 */
export class HttpResponse {
  private taken = false;
  private stream?: Readable;

  constructor(
    /** The status code. */
    readonly status: number,
    /** The response headers; names in lower case. */
    readonly headers: IncomingHttpHeaders,
    /** The URL that answered, after redirects. */
    readonly url: string,
    private readonly raw: RawBody,
    private readonly limits: BodyLimits,
  ) {}

  /** A header's value; repeated headers joined with ", " (RFC 9110 §5.3). */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  /**
   * The body as a byte stream, for the XML parser or a file. Fails with InvalidDataError past the
   * size cap and with TransientError when the connection breaks or stalls.
   */
  get body(): Readable {
    this.stream ??= Readable.from(this.chunks(this.limits.maxBytes), { objectMode: false });
    return this.stream;
  }

  /**
   * The whole body as text (UTF-8).
   * @param maxBytes the largest body accepted (default: the request's cap)
   * @throws InvalidDataError naming the URL when the body is larger
   */
  async text(maxBytes: number = this.limits.maxBytes): Promise<string> {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of this.chunks(maxBytes)) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  }

  /** Lets go of the rest of the body, so that the connection can serve the next request. */
  async discard(): Promise<void> {
    this.stream?.destroy();
    if (this.taken) this.raw.destroy();
    // dump() reads a small rest to keep the connection alive, and closes it on a large one.
    else await this.raw.dump();
    this.taken = true;
  }

  private async *chunks(maxBytes: number): AsyncGenerator<Uint8Array> {
    if (this.taken) throw new InternalError(`the body of ${this.url} was read twice`, {});
    this.taken = true;
    const tooLarge = () => this.limits.fail({ kind: "too-large", limitBytes: maxBytes });
    try {
      if (Number(this.header("content-length") ?? 0) > maxBytes) throw tooLarge();
      let seen = 0;
      for await (const chunk of this.raw as AsyncIterable<Buffer>) {
        seen += chunk.length;
        if (seen > maxBytes) throw tooLarge();
        yield chunk;
      }
    } catch (error) {
      throw error instanceof ConcordError
        ? error
        : this.limits.fail({ kind: "network", cause: error, timeoutMs: this.limits.idleTimeoutMs });
    } finally {
      this.raw.destroy();
    }
  }
}

/** The first `maxBytes` of a body as text, for an error message; the rest is dropped. */
export async function readStart(raw: RawBody, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let seen = 0;
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      seen += chunk.length;
      if (seen >= maxBytes) break;
    }
  } catch {
    // A broken error page still leaves the status to report; what arrived is enough.
  } finally {
    raw.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}
