import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, type HttpClientOptions } from "./client.js";
import { type Handler, type TestServer, startServer } from "./testing/server.js";

const username = "alice";
const password = "hunter2-Sup3r:Secret";
const token = "tok-Very-Secret-123";
const forbidden = [
  password,
  encodeURIComponent(password),
  token,
  Buffer.from(`${username}:${password}`).toString("base64"),
];

/**
 * A server as indiscreet as can be: it echoes every header it was sent, and the decoded Basic
 * credentials, in its error pages, whatever the status the path asks for.
 */
const indiscreet: Handler = (request, response) => {
  const status = Number(new URL(request.url, "http://host").pathname.slice(1)) || 200;
  const basic = request.headers.authorization?.replace(/^Basic /, "") ?? "";
  const echo = `${JSON.stringify(request.headers)} decoded: ${Buffer.from(basic, "base64").toString()}`;
  if (status === 401 && request.headers.authorization === undefined) {
    response.writeHead(401, { "WWW-Authenticate": 'Basic realm="x"' });
  } else if (status === 307) {
    response.writeHead(307, { Location: `${other.url}401` });
  } else if (status === 999) {
    return response.socket?.destroy();
  } else {
    response.writeHead(status === 401 ? 403 : status);
  }
  response.end(echo);
};

let server: TestServer;
let other: TestServer;

beforeAll(async () => {
  server = await startServer(indiscreet);
  other = await startServer(indiscreet);
});
afterAll(async () => {
  await server.close();
  await other.close();
});

describe("HttpClient secrets", () => {
  it("never puts a password, token or Authorization header in an error or a log line", async () => {
    const printed: string[] = [];
    const setups: Omit<HttpClientOptions, "onRequest">[] = [
      { baseUrl: server.url, username, password, auth: "basic" },
      { baseUrl: server.url, username, password },
      { baseUrl: server.url.replace("//", `//${username}:${encodeURIComponent(password)}@`) },
      { baseUrl: server.url, bearerCommand: ["printf", "%s\\n", token] },
    ];
    for (const options of setups) {
      const client = new HttpClient({
        ...options,
        retries: 1,
        sleep: async () => undefined,
        onRequest: (line) => printed.push(line),
      });
      for (const path of ["400", "401", "403", "404", "409", "412", "429", "500", "503", "307", "999"]) {
        await client.request({ method: "PROPFIND", url: path }).then(
          () => expect.unreachable(`${path} should fail`),
          (error: unknown) => printed.push(inspect(error, { depth: 8 }), JSON.stringify(error)),
        );
      }
      await client.close();
    }
    expect(printed.length).toBeGreaterThan(100);
    expect(printed.join("\n")).toMatch(/decoded: /);
    for (const secret of forbidden) {
      const leaks = printed.filter((text) => text.includes(secret));
      expect(leaks, `"${secret}" leaked`).toEqual([]);
    }
  });
});
