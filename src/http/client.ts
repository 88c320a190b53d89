/**
 * The HTTP client of a remote storage: keep-alive connections per origin, authentication,
 * redirects followed by hand, retries with back-off, time limits and streamed bodies, with every
 * failure turned into a concord error that names the request and never a credential.
 *
 * One request goes through three loops, innermost first: answering 401 challenges, following
 * redirects, and retrying the whole when a failure may pass.
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { Agent } from "undici";
import { type ConcordError, ConfigError, TransientError } from "../errors/index.js";
import { version } from "../version.js";
import { Authenticator, type CredentialOptions, type SentCredentials } from "./authenticator.js";
import { ConcurrencyLimit } from "./concurrency-limit.js";
import { errorCodes } from "./error-code.js";
import { excerpt } from "./excerpt.js";
import { type HttpProblem, httpError } from "./http-error.js";
import { bareUrl, hideSecrets } from "./redact.js";
import { type Hop, type RequestBody, redirect, redirectStatuses } from "./redirect.js";
import { HttpResponse, type RawBody, readStart } from "./response.js";
import type { RequestSigner } from "./signer.js";
import { parseRetryAfter } from "./retry-after.js";
import {
  type RetryOptions,
  backoffDelayMs,
  isIdempotent,
  neverReachedServer,
  retryableStatuses,
} from "./retry.js";
import { type TlsOptions, createConnector, normaliseFingerprint } from "./tls.js";

export interface HttpClientOptions extends CredentialOptions, RetryOptions {
  /**
   * The storage's URL. Relative request URLs resolve against it, and credentials go only to its
   * origin. A `user:password@` in it stands in for `username` and `password` when those are unset.
   */
  baseUrl: string | URL;
  /** Which servers to trust, and the client certificate to show. */
  tls?: TlsOptions;
  /** The most requests awaiting an answer at once, and connections open to one origin; further requests wait their turn (default 8). */
  concurrency?: number;
  /** How long to wait for a connection, for the response headers, and between two chunks of a body (default 30 s). */
  timeoutMs?: number;
  /** The `User-Agent` header (default `concord/<version>`). */
  userAgent?: string;
  /** The largest response body accepted, unless a request says otherwise (default 64 MiB). */
  maxBodyBytes?: number;
  /** Receives one line per request and its outcome, for `-v`; never with credentials. */
  onRequest?: (line: string) => void;
  /**
   * Signs every request to the base URL's origin (S3's Signature V4); its `authorization` replaces
   * one made from a username and password. Never used for another origin a redirect leads to.
   */
  signer?: RequestSigner;
}

export interface HttpRequest {
  /** The method, in any case: `GET`, `PROPFIND`, `REPORT`. */
  method: string;
  /** An absolute URL, or a reference resolved against the base URL. */
  url: string | URL;
  /** Request headers, names in any case. */
  headers?: Readonly<Record<string, string>>;
  /** The request body. */
  body?: RequestBody;
  /**
   * Whether the request may be sent twice. Default: true for GET, HEAD, OPTIONS, PROPFIND and
   * REPORT, and for PUT and DELETE carrying `If-Match` or `If-None-Match`.
   */
  idempotent?: boolean;
  /**
   * The statuses returned to the caller; every other one throws (default: any 2xx). A redirect
   * status listed here is returned instead of followed.
   */
  expect?: readonly number[];
  /** The largest response body accepted (default: the client's `maxBodyBytes`). */
  maxBodyBytes?: number;
}

/** What one trip through challenges and redirects ended with. */
type Outcome =
  | {
      readonly kind: "answer";
      readonly hop: Hop;
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: RawBody;
      readonly sent?: SentCredentials;
      readonly authHint?: string;
      /** The `authorization` a signer made for this request, hidden from its error page. */
      readonly signature?: string;
    }
  | { readonly kind: "failed"; readonly hop: Hop; readonly cause: unknown };

/**
 * How many 401s one request answers: the first challenge, then stale nonces, which a busy server
 * may hand out more than once while other requests use up each new one.
 */
const maxAuthRounds = 4;
/** How much of an error page is read, to quote from it. */
const errorPageBytes = 4096;

export class HttpClient {
  /** The storage's URL, without userinfo. */
  readonly baseUrl: URL;
  private readonly authenticator: Authenticator;
  private readonly options: HttpClientOptions;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxBodyBytes: number;
  private readonly maxRetryDelayMs: number;
  private readonly userAgent: string;
  private readonly limit: ConcurrencyLimit;
  private agent?: Promise<Agent>;

  /** @throws ConfigError for a base URL that is not http(s), or unusable credentials or TLS options */
  constructor(options: HttpClientOptions) {
    const configKey = options.configKey ?? "storage";
    this.baseUrl = parseBaseUrl(options.baseUrl, configKey);
    const fromUrl = {
      username: this.baseUrl.username === "" ? undefined : decodeURIComponent(this.baseUrl.username),
      password: this.baseUrl.password === "" ? undefined : decodeURIComponent(this.baseUrl.password),
    };
    this.baseUrl.username = "";
    this.baseUrl.password = "";
    this.authenticator = new Authenticator(
      {
        ...options,
        username: options.username ?? fromUrl.username,
        password: options.password ?? fromUrl.password,
      },
      this.baseUrl,
    );
    if (options.tls?.fingerprint !== undefined) normaliseFingerprint(options.tls.fingerprint, configKey);
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 4;
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.userAgent = options.userAgent ?? `concord/${version}`;
    this.limit = new ConcurrencyLimit(options.concurrency ?? 8);
  }

  /**
   * Sends a request and returns the response once its headers arrive; the body streams.
   * @throws AuthError, NotFoundError, PreconditionFailedError, RateLimitedError, TransientError,
   *   InvalidDataError (see `httpError`), ConfigError for unusable secrets or TLS settings
   */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const method = request.method.toUpperCase();
    const first: Hop = {
      method,
      url: this.resolve(request.url),
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    };
    const idempotent = request.idempotent ?? isIdempotent(method, headers);
    const expected = (status: number) =>
      request.expect === undefined ? status >= 200 && status < 300 : request.expect.includes(status);
    const maxBodyBytes = request.maxBodyBytes ?? this.maxBodyBytes;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.follow(first, expected);
      if (outcome.kind === "answer" && expected(outcome.status)) {
        return new HttpResponse(outcome.status, outcome.headers, outcome.hop.url.href, outcome.body, {
          maxBytes: maxBodyBytes,
          idleTimeoutMs: this.timeoutMs,
          fail: (problem) => this.fail(outcome.hop, problem),
        });
      }
      const error = await this.failure(outcome, attempt);
      const wait = attempt <= this.retries ? this.retryDelay(outcome, error, idempotent, attempt) : undefined;
      if (wait === undefined) throw error;
      this.log(
        `${method} ${first.url.href}: retrying in ${wait} ms (attempt ${attempt + 1} of ${this.retries + 1})`,
      );
      await (this.options.sleep ?? delay)(wait);
    }
  }

  /** Closes every connection; requests still running fail. */
  async close(): Promise<void> {
    // An agent that failed to come into being has nothing to close; its error was reported.
    const agent = await this.agent?.catch(() => undefined);
    await agent?.destroy();
  }

  /** Answers challenges and follows redirects until an answer that is neither, or a failure. */
  private async follow(first: Hop, expected: (status: number) => boolean): Promise<Outcome> {
    let hop = first;
    let redirects = 0;
    let authRounds = 0;
    for (;;) {
      const outcome = await this.send(hop);
      if (outcome.kind === "failed") return outcome;
      if (outcome.status === 401) {
        const challenge = outcome.headers["www-authenticate"];
        const answer = this.authenticator.answer(challenge, outcome.sent, hop.url, authRounds);
        if (!answer.retry || authRounds >= maxAuthRounds) {
          return { ...outcome, authHint: answer.retry ? undefined : answer.hint };
        }
        authRounds++;
        await outcome.body.dump();
        continue;
      }
      if (redirectStatuses.has(outcome.status) && !expected(outcome.status)) {
        await outcome.body.dump();
        const decision = redirect(hop, outcome.status, headerValue(outcome.headers.location), redirects++);
        if ("refuse" in decision) throw this.fail(hop, { kind: "redirect", reason: decision.refuse });
        hop = decision.follow;
        continue;
      }
      return outcome;
    }
  }

  /**
   * One request on the wire, logged. It waits for a place among `concurrency` before its
   * credentials are computed, and holds it until the answer's headers arrive: a Digest header made
   * long before its request leaves would carry a nonce that may have gone stale meanwhile.
   */
  private async send(hop: Hop): Promise<Outcome> {
    const agent = await this.dispatcher();
    const release = await this.limit.acquire();
    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    try {
      const authorization = await this.authenticator.authorize(hop.method, hop.url);
      const unsigned = {
        ...hop.headers,
        "user-agent": this.userAgent,
        // A compressed body may carry a different ETag than the stored one, or none at all.
        "accept-encoding": "identity",
        ...(authorization === undefined ? {} : { authorization: authorization.header }),
      };
      const signer = hop.url.origin === this.baseUrl.origin ? this.options.signer : undefined;
      const signed = await signer?.sign({ ...hop, headers: unsigned });
      const response = await agent
        .request({
          origin: hop.url.origin,
          path: hop.url.pathname + hop.url.search,
          method: hop.method,
          headers: { ...unsigned, ...signed },
          body: hop.body ?? null,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        })
        .catch((cause: unknown) => {
          this.log(
            `${hop.method} ${hop.url.href} -> failed: ${errorCodes(cause)[0] ?? "error"} (${elapsed()})`,
          );
          return { failed: cause };
        });
      if ("failed" in response) return { kind: "failed", hop, cause: response.failed };
      this.log(`${hop.method} ${hop.url.href} -> ${response.statusCode} (${elapsed()})`);
      const { statusCode: status, headers, body } = response;
      const signature = signed?.authorization;
      return { kind: "answer", hop, status, headers, body, sent: authorization?.sent, signature };
    } finally {
      release();
    }
  }

  /** The error an unwanted outcome stands for; an answer's body is consumed. */
  private async failure(outcome: Outcome, attempts: number): Promise<ConcordError> {
    if (outcome.kind === "failed") {
      return this.fail(outcome.hop, {
        kind: "network",
        cause: outcome.cause,
        timeoutMs: this.timeoutMs,
        attempts,
      });
    }
    const { status, headers, sent, authHint, signature } = outcome;
    const page =
      status >= 400 ? await readStart(outcome.body, errorPageBytes) : (await outcome.body.dump(), "");
    return this.fail(outcome.hop, {
      kind: "status",
      status,
      credentialsSent: sent !== undefined || signature !== undefined,
      attempts,
      excerpt: excerpt(
        hideSecrets(page, [...this.secrets(), ...(signature === undefined ? [] : [signature])]),
      ),
      authHint,
      retryAfterMs: parseRetryAfter(headerValue(headers["retry-after"])),
    });
  }

  /**
   * How long to wait before trying again, or undefined to give up. Only failures that may pass are
   * retried, and only for requests that are safe to repeat or that never reached the server.
   */
  private retryDelay(
    outcome: Outcome,
    error: ConcordError,
    idempotent: boolean,
    attempt: number,
  ): number | undefined {
    const backoff = backoffDelayMs(attempt - 1, this.options.retryBaseDelayMs ?? 500, this.maxRetryDelayMs);
    if (outcome.kind === "failed") {
      const mayRepeat = idempotent || neverReachedServer(outcome.cause);
      return error instanceof TransientError && mayRepeat ? backoff : undefined;
    }
    if (!idempotent || !retryableStatuses.has(outcome.status)) return undefined;
    const asked = parseRetryAfter(headerValue(outcome.headers["retry-after"])) ?? 0;
    // A server that wants a longer pause is better left alone until the next run.
    return asked > this.maxRetryDelayMs ? undefined : Math.max(backoff, asked);
  }

  private fail(hop: Hop, problem: HttpProblem): ConcordError {
    return httpError({ method: hop.method, url: hideSecrets(hop.url.href, this.secrets()) }, problem);
  }

  private log(line: string): void {
    this.options.onRequest?.(hideSecrets(line, this.secrets()));
  }

  /** Every secret resolved so far, the password's and the signer's. */
  private secrets(): string[] {
    return [...this.authenticator.knownSecrets(), ...(this.options.signer?.secrets() ?? [])];
  }

  /** The URL to send to: resolved against the base, without userinfo or fragment. */
  private resolve(reference: string | URL): URL {
    return bareUrl(new URL(reference, this.baseUrl));
  }

  private dispatcher(): Promise<Agent> {
    this.agent ??= createConnector(
      this.options.tls,
      this.timeoutMs,
      this.options.configKey ?? "storage",
    ).then((connect) => new Agent({ connections: this.options.concurrency ?? 8, connect }));
    return this.agent;
  }
}

function parseBaseUrl(value: string | URL, configKey: string): URL {
  const url = URL.canParse(String(value)) ? new URL(value) : undefined;
  if (url?.protocol !== "http:" && url?.protocol !== "https:") {
    throw new ConfigError(`${configKey}.url: expected an http:// or https:// URL`, {
      key: `${configKey}.url`,
    });
  }
  return url;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
