import { afterEach, describe, expect, it } from "vitest";
import { version } from "../version.js";
import { HttpClient, type HttpClientOptions } from "./client.js";
import { type Handler, type TestServer, startServer } from "./testing/server.js";

let server: TestServer;
let client: HttpClient;

async function setUp(handler: Handler, options: Partial<HttpClientOptions> = {}): Promise<void> {
  server = await startServer(handler);
  client = new HttpClient({ baseUrl: `${server.url}dav/`, retries: 0, ...options });
}

afterEach(async () => {
  await client?.close();
  await server?.close();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("HttpClient requests", () => {
  it("sends the User-Agent and Accept-Encoding: identity, resolves URLs against the base", async () => {
    await setUp((_request, response) => {
      response.setHeader("ETag", '"1"');
      response.end("BEGIN:VCALENDAR");
    });
    const response = await client.request({ method: "get", url: "cal/a.ics", headers: { "X-Extra": "1" } });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.url}dav/cal/a.ics`);
    expect(response.header("ETag")).toBe('"1"');
    expect(await response.text()).toBe("BEGIN:VCALENDAR");
    const [received] = server.received;
    expect(received).toMatchObject({ method: "GET", url: "/dav/cal/a.ics" });
    expect(received?.headers).toMatchObject({
      "user-agent": `concord/${version}`,
      "accept-encoding": "identity",
      "x-extra": "1",
    });
  });

  it("sends bodies, and DAV methods as they are", async () => {
    await setUp((_request, response) => {
      response.statusCode = 207;
      response.end("<multistatus/>");
    });
    const response = await client.request({
      method: "PROPFIND",
      url: "/dav/cal/",
      headers: { Depth: "1", "Content-Type": "application/xml; charset=utf-8" },
      body: "<propfind/>",
    });
    expect(response.status).toBe(207);
    await response.discard();
    expect(server.received[0]).toMatchObject({
      method: "PROPFIND",
      body: "<propfind/>",
      headers: { depth: "1" },
    });
  });

  it("keeps connections alive", async () => {
    await setUp((_request, response) => response.end("ok"));
    for (let i = 0; i < 10; i++) await (await client.request({ method: "GET", url: `${i}` })).text();
    // undici frees a connection a tick after its body ends, so a request sent at once may take a second one.
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it("opens no more connections than its concurrency", async () => {
    let inFlight = 0;
    let most = 0;
    await setUp(
      async (_request, response) => {
        most = Math.max(most, ++inFlight);
        await wait(20);
        inFlight--;
        response.end("ok");
      },
      { concurrency: 3 },
    );
    const texts = await Promise.all(
      Array.from({ length: 12 }, async (_, i) =>
        (await client.request({ method: "GET", url: `${i}` })).text(),
      ),
    );
    expect(texts).toHaveLength(12);
    expect(most).toBe(3);
    expect(server.connections()).toBe(3);
  });

  it("returns the statuses asked for and throws on the others", async () => {
    await setUp((request, response) => {
      response.statusCode = request.url === "/dav/gone" ? 404 : 304;
      response.end();
    });
    expect((await client.request({ method: "GET", url: "gone", expect: [200, 404] })).status).toBe(404);
    expect((await client.request({ method: "GET", url: "same", expect: [304] })).status).toBe(304);
    await expect(client.request({ method: "GET", url: "same" })).rejects.toMatchObject({
      code: "InvalidDataError",
      message: `GET ${server.url}dav/same: 304 Not Modified: not an answer concord expected here`,
    });
  });

  it("reports one line per request and response", async () => {
    const lines: string[] = [];
    await setUp(
      (_request, response) => {
        response.statusCode = 207;
        response.end();
      },
      { onRequest: (line) => lines.push(line) },
    );
    await (await client.request({ method: "PROPFIND", url: "cal/", expect: [207] })).discard();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^PROPFIND ${server.url}dav/cal/ -> 207 \\(\\d+ ms\\)$`));
  });

  it("closes its connections", async () => {
    await setUp((_request, response) => response.end("ok"));
    await (await client.request({ method: "GET", url: "x" })).text();
    expect(server.openConnections()).toBe(1);
    await client.close();
    await wait(20);
    expect(server.openConnections()).toBe(0);
  });

  it("refuses a base URL that is not http(s)", () => {
    expect(() => new HttpClient({ baseUrl: "ftp://example.com/", configKey: "storage.cal" })).toThrow(
      expect.objectContaining({
        code: "ConfigError",
        message: "storage.cal.url: expected an http:// or https:// URL",
      }),
    );
    expect(() => new HttpClient({ baseUrl: "not a url" })).toThrow(/expected an http/);
  });
});

describe("HttpClient bodies", () => {
  const chunk = "x".repeat(1024);

  it("streams a large body without holding it", async () => {
    await setUp(async (_request, response) => {
      for (let i = 0; i < 1024; i++) {
        if (!response.write(chunk)) await new Promise((resolve) => response.once("drain", resolve));
      }
      response.end();
    });
    const response = await client.request({ method: "GET", url: "big" });
    let bytes = 0;
    for await (const part of response.body) bytes += (part as Buffer).length;
    expect(bytes).toBe(1024 * 1024);
  });

  it("cuts a body off at the request's cap, with or without a Content-Length", async () => {
    await setUp(async (request, response) => {
      if (request.url.endsWith("declared")) response.setHeader("Content-Length", 4096);
      response.write(chunk);
      await wait(5);
      response.write(chunk);
      await wait(5);
      response.end(chunk.repeat(2));
    });
    const streamed = await client.request({ method: "GET", url: "chunked", maxBodyBytes: 1500 });
    const read = async () => {
      for await (const part of streamed.body) void part;
    };
    await expect(read()).rejects.toMatchObject({
      code: "InvalidDataError",
      message: `GET ${server.url}dav/chunked: the answer is larger than 1500 bytes, cut off`,
    });
    const declared = await client.request({ method: "GET", url: "declared" });
    await expect(declared.text(1000)).rejects.toMatchObject({
      code: "InvalidDataError",
      message: expect.stringContaining(`GET ${server.url}dav/declared: the answer is larger than 1000 bytes`),
    });
  });

  it("fails a body that stalls with TransientError after the idle timeout", async () => {
    await setUp(
      (_request, response) => {
        response.writeHead(200, { "Content-Type": "text/calendar" });
        response.write("BEGIN:VCALENDAR\r\n");
      },
      { timeoutMs: 150 },
    );
    const response = await client.request({ method: "GET", url: "slow.ics" });
    await expect(response.text()).rejects.toMatchObject({
      code: "TransientError",
      message: `GET ${server.url}dav/slow.ics: the answer stalled for more than 0.15 s`,
    });
  });

  it("fails a request whose answer does not come", async () => {
    await setUp(() => undefined, { timeoutMs: 150 });
    await expect(client.request({ method: "GET", url: "never" })).rejects.toMatchObject({
      code: "TransientError",
      message: `GET ${server.url}dav/never: no answer within 0.15 s`,
    });
  });

  it("fails a connection broken mid-body with TransientError", async () => {
    await setUp((_request, response) => {
      response.writeHead(200, { "Content-Length": "100" });
      response.write("half");
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const response = await client.request({ method: "GET", url: "cut" });
    await expect(response.text()).rejects.toMatchObject({ code: "TransientError" });
  });

  it("lets a discarded body go, keeping the connection", async () => {
    await setUp((_request, response) => response.end(chunk));
    for (let i = 0; i < 10; i++) await (await client.request({ method: "GET", url: `${i}` })).discard();
    expect(server.connections()).toBeLessThanOrEqual(2);
    const halfRead = await client.request({ method: "GET", url: "half" });
    const reader = halfRead.body[Symbol.asyncIterator]();
    await reader.next();
    await halfRead.discard();
    const unread = await client.request({ method: "GET", url: "unread" });
    void unread.body;
    await unread.discard();
    expect(await (await client.request({ method: "GET", url: "after" })).text()).toBe(chunk);
  });
});
