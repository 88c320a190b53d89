/**
 * What Apache cannot be made to do, on a scripted server: drop the connection of a PUT it has
 * received, and list hrefs that are not the collection's members. The rest is tested on Apache
 * (test/integration/relay-webdav.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidDataError } from "../../../../errors/index.js";
import { HttpClient } from "../../../../http/index.js";
import { type Handler, type TestServer, startServer } from "../../../../http/testing/server.js";
import type { RelayBackend } from "../backend.js";
import { webdavObjects } from "./webdav-objects.js";

let server: TestServer;
let backend: RelayBackend;

async function setUp(handler: Handler): Promise<void> {
  server = await startServer(handler);
  backend = webdavObjects(new HttpClient({ baseUrl: `${server.url}relay/`, sleep: () => Promise.resolve() }));
}

afterEach(async () => {
  await backend?.close?.();
  await server?.close();
});

describe("the WebDAV backend's writes", () => {
  it("sends a PUT again when the connection drops after the server received it", async () => {
    let puts = 0;
    await setUp((request, response) => {
      if (request.method === "PUT" && ++puts === 1) response.socket?.destroy();
      else response.writeHead(201).end();
    });
    await backend.write("sets/home.1", new TextEncoder().encode("the index"));
    expect(server.received.map(({ method, url, body }) => [method, url, body])).toEqual([
      ["PUT", "/relay/sets/home.1", "the index"],
      ["PUT", "/relay/sets/home.1", "the index"],
    ]);
  });

  /**
   * A share that has the relay's collection only: a PUT or MKCOL into a folder it lacks is a 409,
   * and a MKCOL of a folder it has a 405, or `raced` (Apache's 403) for the folders listed there.
   */
  const share =
    (raced: string[] = []): Handler =>
    (request, response) => {
      const parent = request.url.replace(/[^/]+\/?$/, "");
      if (!folders.has(parent)) return response.writeHead(409).end();
      if (request.method !== "MKCOL") return response.writeHead(201).end();
      const made = !folders.has(request.url);
      folders.add(request.url);
      const lost = raced.indexOf(request.url);
      if (lost >= 0) raced.splice(lost, 1);
      response.writeHead(lost >= 0 ? 403 : made ? 201 : 405).end();
    };
  let folders: Set<string>;
  beforeEach(() => {
    folders = new Set(["/", "/relay/"]);
  });
  const requests = () => server.received.map(({ method, url }) => `${method} ${url}`);

  it("makes the missing folders below the relay's own from the top down on a 409, then puts again", async () => {
    await setUp(share());
    await backend.write("blobs/home.1/a%b", new Uint8Array([1]));
    await backend.write("blobs/home.1/c", new Uint8Array([2]));
    await backend.write("blobs/home.2/d", new Uint8Array([3]));
    expect(requests()).toEqual([
      "PUT /relay/blobs/home.1/a%25b",
      "MKCOL /relay/blobs/",
      "MKCOL /relay/blobs/home.1/",
      "PUT /relay/blobs/home.1/a%25b",
      "PUT /relay/blobs/home.1/c",
      "PUT /relay/blobs/home.2/d",
      "MKCOL /relay/blobs/home.2/",
      "PUT /relay/blobs/home.2/d",
    ]);
  });

  it("makes a folder once, however many writes wait for it", async () => {
    await setUp(share());
    await Promise.all(
      ["a", "b", "c", "d"].map((name) => backend.write(`blobs/home.1/${name}`, new Uint8Array([1]))),
    );
    expect(requests().filter((request) => request.startsWith("MKCOL"))).toEqual([
      "MKCOL /relay/blobs/",
      "MKCOL /relay/blobs/home.1/",
    ]);
    expect(requests().filter((request) => request.startsWith("PUT"))).toHaveLength(8);
  });

  it("takes a 403 to a MKCOL that lost a race to another place's for a 405, once asked again", async () => {
    await setUp(share(["/relay/blobs/"]));
    await backend.write("blobs/home.1/a", new Uint8Array([1]));
    expect(requests()).toEqual([
      "PUT /relay/blobs/home.1/a",
      "MKCOL /relay/blobs/",
      "MKCOL /relay/blobs/",
      "MKCOL /relay/blobs/home.1/",
      "PUT /relay/blobs/home.1/a",
    ]);
  });

  it("fails on a 403 to a MKCOL asked again, naming the URL", async () => {
    await setUp((request, response) => response.writeHead(request.method === "MKCOL" ? 403 : 409).end());
    await expect(backend.write("blobs/home.1/a", new Uint8Array([1]))).rejects.toThrow(
      `MKCOL ${server.url}relay/blobs/: 403 Forbidden`,
    );
  });
});

describe("the WebDAV backend's listings", () => {
  const multistatus = (...hrefs: string[]) =>
    `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">${hrefs
      .map(
        (href) =>
          `<D:response><D:href>${href}</D:href><D:propstat><D:prop><D:resourcetype/><D:getcontentlength>4</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`,
      )
      .join("")}</D:multistatus>`;
  /** Answers every PROPFIND with these hrefs, `ORIGIN` standing for the server's own. */
  const serving =
    (...hrefs: string[]): Handler =>
    (request, response) => {
      const answered = hrefs.map((href) => href.replace("ORIGIN", `http://${request.headers.host}`));
      response.writeHead(207, { "content-type": "application/xml" }).end(multistatus(...answered));
    };

  it("takes members by their decoded names, whatever the spelling of their hrefs", async () => {
    await setUp(
      serving(
        "/relay/sets/",
        "/relay/sets/home.1",
        "ORIGIN/relay/sets/elsewhere",
        "%c3%a4%20b",
        "/relay/sets/%E6%97%A5",
      ),
    );
    expect((await backend.list("sets/")).map(({ key }) => key)).toEqual([
      "sets/home.1",
      "sets/elsewhere",
      "sets/ä b",
      "sets/日",
    ]);
  });

  it.each([
    ["outside the relay", "/secret/passwd"],
    ["on another server", "http://example.org/relay/sets/home.1"],
    ["a step up, encoded", "/relay/sets/%2e%2e/relay.json"],
    ["a name holding a slash", "/relay/sets/a%2Fb"],
    ["below a member", "/relay/sets/deeper/home.1"],
    ["a name holding a control character", "/relay/sets/a%0Ab"],
  ])("refuses an href %s, naming the URL listed", async (_what, href) => {
    await setUp(serving("/relay/sets/", "/relay/sets/home.1", href));
    const listing = backend.list("sets/");
    await expect(listing).rejects.toThrow(InvalidDataError);
    await expect(listing).rejects.toThrow(`PROPFIND ${server.url}relay/sets/`);
  });
});
