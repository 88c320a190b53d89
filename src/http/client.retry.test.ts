import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, type HttpClientOptions } from "./client.js";
import { type Handler, type TestServer, startServer } from "./testing/server.js";

let server: TestServer;
let client: HttpClient;
let sleeps: number[];
let lines: string[];

async function setUp(handler: Handler, options: Partial<HttpClientOptions> = {}): Promise<void> {
  server = await startServer(handler);
  sleeps = [];
  lines = [];
  client = new HttpClient({
    baseUrl: server.url,
    retryBaseDelayMs: 10,
    sleep: async (ms) => void sleeps.push(ms),
    onRequest: (line) => lines.push(line),
    ...options,
  });
}

afterEach(async () => {
  await client?.close();
  await server?.close();
});

/** A handler answering with the given statuses in turn, then 200. */
const statuses =
  (...answers: [number, Record<string, string>?][]): Handler =>
  (_request, response) => {
    const [status, headers] = answers.shift() ?? [200];
    response.writeHead(status, headers);
    response.end(status === 200 ? "ok" : `<error>status ${status}</error>`);
  };

describe("HttpClient retries", () => {
  it("retries an idempotent request after 5xx with growing, jittered delays", async () => {
    await setUp(statuses([503], [502], [500]));
    const response = await client.request({ method: "REPORT", url: "cal/" });
    expect(await response.text()).toBe("ok");
    expect(server.received).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, retry) => {
      expect(ms).toBeGreaterThanOrEqual((10 * 2 ** retry) / 2);
      expect(ms).toBeLessThanOrEqual(10 * 2 ** retry);
    });
    expect(lines[1]).toBe(`REPORT ${server.url}cal/: retrying in ${sleeps[0]} ms (attempt 2 of 5)`);
  });

  it("waits as long as Retry-After asks, in seconds or as a date", async () => {
    const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
    await setUp(statuses([429, { "Retry-After": "2" }], [503, { "Retry-After": inThreeSeconds }]));
    await (await client.request({ method: "GET", url: "x" })).discard();
    expect(sleeps[0]).toBe(2000);
    expect(sleeps[1]).toBeGreaterThan(1000);
    expect(sleeps[1]).toBeLessThanOrEqual(3000);
  });

  it("gives up at once when Retry-After asks for more than the cap", async () => {
    await setUp(statuses([503, { "Retry-After": "3600" }]), { maxRetryDelayMs: 60_000 });
    await expect(client.request({ method: "GET", url: "busy" })).rejects.toMatchObject({
      code: "RateLimitedError",
      data: { url: `${server.url}busy`, retryAfterMs: 3_600_000 },
      message: `GET ${server.url}busy: 503 Service Unavailable; the server asks to wait 3600 s`,
    });
    expect(sleeps).toEqual([]);
  });

  it("gives up after the configured retries, saying how often it tried", async () => {
    await setUp(statuses([500], [500], [500], [500]), { retries: 2 });
    await expect(client.request({ method: "GET", url: "broken" })).rejects.toMatchObject({
      code: "TransientError",
      message: `GET ${server.url}broken: 500 Internal Server Error: <error>status 500</error> (after 3 attempts)`,
    });
    expect(server.received).toHaveLength(3);
  });

  it("repeats a PUT only when a precondition makes it safe", async () => {
    await setUp(statuses([500], [500]));
    await expect(client.request({ method: "PUT", url: "a.ics", body: "x" })).rejects.toMatchObject({
      code: "TransientError",
    });
    expect(server.received).toHaveLength(1);
    const guarded = await client.request({
      method: "PUT",
      url: "a.ics",
      body: "x",
      headers: { "If-Match": '"1"' },
    });
    expect(guarded.status).toBe(200);
    expect(server.received.map((request) => request.body)).toEqual(["x", "x", "x"]);
  });

  it("lets the caller declare a request idempotent or not", async () => {
    await setUp(statuses([500], [200], [500]));
    expect((await client.request({ method: "PROPPATCH", url: "c/", idempotent: true })).status).toBe(200);
    await expect(client.request({ method: "GET", url: "c/", idempotent: false })).rejects.toMatchObject({
      code: "TransientError",
    });
    expect(server.received).toHaveLength(3);
  });

  it("does not retry a client error", async () => {
    await setUp(statuses([400], [400]));
    await expect(client.request({ method: "GET", url: "bad" })).rejects.toMatchObject({
      code: "InvalidDataError",
    });
    expect(server.received).toHaveLength(1);
  });

  it("retries a connection reset for an idempotent request only", async () => {
    let resets = 2;
    await setUp((_request, response) => {
      if (resets-- > 0) response.socket?.destroy();
      else response.end("ok");
    });
    expect(await (await client.request({ method: "GET", url: "x" })).text()).toBe("ok");
    expect(sleeps).toHaveLength(2);
    resets = 1;
    await expect(client.request({ method: "POST", url: "x", body: "1" })).rejects.toMatchObject({
      code: "TransientError",
      message: expect.stringMatching(new RegExp(`^POST ${server.url}x: .*(UND_ERR_SOCKET|ECONNRESET)`)),
    });
  });

  it("retries any method when the connection was refused: nothing was sent", async () => {
    await setUp(() => undefined, { retries: 2 });
    await server.close();
    await expect(client.request({ method: "POST", url: "x", body: "1" })).rejects.toMatchObject({
      code: "TransientError",
      message: expect.stringMatching(/ECONNREFUSED.*\(after 3 attempts\)$/),
    });
    expect(sleeps).toHaveLength(2);
  });
});
