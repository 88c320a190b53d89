import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient } from "./client.js";
import type { RequestSigner, SignableRequest } from "./signer.js";
import { type Handler, type TestServer, startServer } from "./testing/server.js";

const secret = "signing-Secret-42";

/** Signs the method, URL and a counter, so that each attempt carries a signature of its own. */
function testSigner(): RequestSigner & { seen: SignableRequest[] } {
  const seen: SignableRequest[] = [];
  return {
    seen,
    async sign(request) {
      seen.push(request);
      const mac = createHmac("sha256", secret).update(`${request.method} ${request.url.href} ${seen.length}`);
      return { authorization: `TEST ${mac.digest("hex")}`, "x-test-date": String(seen.length) };
    },
    secrets: () => [secret],
  };
}

const servers: TestServer[] = [];
let client: HttpClient;

afterEach(async () => {
  await client?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

describe("HttpClient signing", () => {
  it("signs every attempt anew, over the headers and body that are sent", async () => {
    let calls = 0;
    const server = await serve((_request, response) => {
      response.statusCode = ++calls === 1 ? 503 : 200;
      response.end();
    });
    const signer = testSigner();
    client = new HttpClient({ baseUrl: server.url, signer, sleep: async () => undefined });
    await (await client.request({ method: "PUT", url: "a b", body: "content", idempotent: true })).discard();

    expect(signer.seen).toHaveLength(2);
    expect(signer.seen[0]).toMatchObject({
      method: "PUT",
      body: "content",
      headers: { "user-agent": expect.stringMatching(/^concord\//), "accept-encoding": "identity" },
    });
    expect(signer.seen[0]?.url.href).toBe(`${server.url}a%20b`);
    const [first, second] = server.received;
    expect(first?.headers["x-test-date"]).toBe("1");
    expect(second?.headers["x-test-date"]).toBe("2");
    expect(first?.headers.authorization).toMatch(/^TEST [0-9a-f]{64}$/);
    expect(second?.headers.authorization).not.toBe(first?.headers.authorization);
  });

  it("signs nothing for another origin a redirect leads to", async () => {
    const other = await serve((_request, response) => response.end("there"));
    const server = await serve((_request, response) => {
      response.writeHead(307, { Location: `${other.url}elsewhere` });
      response.end();
    });
    const signer = testSigner();
    client = new HttpClient({ baseUrl: server.url, signer });
    expect(await (await client.request({ method: "GET", url: "x" })).text()).toBe("there");
    expect(signer.seen).toHaveLength(1);
    expect(server.received[0]?.headers.authorization).toMatch(/^TEST /);
    expect(other.received[0]?.headers.authorization).toBeUndefined();
  });

  it("never shows the signer's secret or a signature, even from a server that echoes them", async () => {
    const server = await serve((request, response) => {
      const status = Number(request.url.slice(1));
      response.writeHead(status === 401 ? 403 : status);
      response.end(`${request.headers.authorization} ${secret}`);
    });
    const printed: string[] = [];
    const signer = testSigner();
    client = new HttpClient({
      baseUrl: server.url,
      signer,
      retries: 1,
      sleep: async () => undefined,
      onRequest: (line) => printed.push(line),
    });
    for (const path of ["400", "403", "404", "409", "500", "503"]) {
      await client.request({ method: "GET", url: path }).then(
        () => expect.unreachable(`${path} should fail`),
        (error: unknown) => printed.push(inspect(error, { depth: 8 }), JSON.stringify(error)),
      );
    }
    const signatures = server.received.map((request) => request.headers.authorization ?? "");
    expect(signatures.length).toBeGreaterThan(6);
    expect(printed.join("\n")).toMatch(/400 Bad Request: \*\*\* \*\*\*/);
    for (const forbidden of [secret, ...signatures]) {
      expect(printed.filter((text) => text.includes(forbidden))).toEqual([]);
    }
  });
});
