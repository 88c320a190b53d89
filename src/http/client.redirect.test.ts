import { afterEach, describe, expect, it } from "vitest";
import { HttpClient } from "./client.js";
import { type TestServer, startServer } from "./testing/server.js";

const servers: TestServer[] = [];
let client: HttpClient;

afterEach(async () => {
  await client?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that redirects `/hop/<n>` to `/hop/<n-1>` with `status`, and answers `/hop/0`. */
async function hops(status: number) {
  const server = await startServer((request, response) => {
    const n = Number(request.url.split("/")[2]);
    if (n > 0) {
      response.writeHead(status, { Location: `/hop/${n - 1}` });
      response.end("moved");
    } else {
      response.statusCode = request.method === "PROPFIND" ? 207 : 200;
      response.end(`${request.method} ${request.body}`);
    }
  });
  servers.push(server);
  return server;
}

describe("HttpClient redirects", () => {
  it("keeps PROPFIND and its body through a 301, and reports the final URL", async () => {
    const server = await hops(301);
    client = new HttpClient({ baseUrl: server.url });
    const response = await client.request({
      method: "PROPFIND",
      url: "/hop/2",
      headers: { Depth: "0" },
      body: "<propfind/>",
    });
    expect(response.url).toBe(`${server.url}hop/0`);
    expect(await response.text()).toBe("PROPFIND <propfind/>");
    expect(server.received.map((request) => [request.method, request.headers.depth])).toEqual([
      ["PROPFIND", "0"],
      ["PROPFIND", "0"],
      ["PROPFIND", "0"],
    ]);
  });

  it("turns a POST into GET after a 302, as browsers do", async () => {
    const server = await hops(302);
    client = new HttpClient({ baseUrl: server.url });
    const response = await client.request({ method: "POST", url: "/hop/1", body: "data" });
    expect(await response.text()).toBe("GET ");
  });

  it("follows five redirects and refuses the sixth", async () => {
    const server = await hops(307);
    client = new HttpClient({ baseUrl: server.url });
    expect((await client.request({ method: "GET", url: "/hop/5" })).status).toBe(200);
    await expect(client.request({ method: "GET", url: "/hop/6" })).rejects.toMatchObject({
      code: "InvalidDataError",
      message: `GET ${server.url}hop/1: more than 5 redirects`,
    });
  });

  it("returns a redirect the caller asked for", async () => {
    const server = await hops(301);
    client = new HttpClient({ baseUrl: server.url });
    const response = await client.request({ method: "GET", url: "/hop/1", expect: [301] });
    expect([response.status, response.header("location")]).toEqual([301, "/hop/0"]);
  });

  it("never sends credentials or cookies to another origin", async () => {
    const elsewhere = await startServer((_request, response) => {
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="elsewhere"' });
      response.end();
    });
    const home = await startServer((_request, response) => {
      response.writeHead(308, { Location: `${elsewhere.url}cal/` });
      response.end();
    });
    servers.push(elsewhere, home);
    client = new HttpClient({ baseUrl: home.url, username: "me", password: "pw", auth: "basic" });
    await expect(
      client.request({ method: "PROPFIND", url: "cal/", headers: { Cookie: "session=1" } }),
    ).rejects.toMatchObject({
      code: "AuthError",
      message: `PROPFIND ${elsewhere.url}cal/: 401 Unauthorized: concord sends credentials only to ${home.url.slice(0, -1)}`,
    });
    expect(home.received[0]?.headers).toMatchObject({
      authorization: expect.stringMatching(/^Basic /),
      cookie: "session=1",
    });
    expect(elsewhere.received[0]?.headers.authorization).toBeUndefined();
    expect(elsewhere.received[0]?.headers.cookie).toBeUndefined();
  });
});
