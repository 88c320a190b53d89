/**
 * What Apache cannot be made to do, on a scripted server: drop the connection of a PUT it has
 * received, and list hrefs that are not the collection's members. The rest is tested on Apache
 * (test/integration/relay-webdav.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
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

  it("makes the missing folders below the relay's own from the top down on a 409, then puts again", async () => {
    const folders = new Set(["/", "/relay/"]);
    await setUp((request, response) => {
      const parent = request.url.replace(/[^/]+\/?$/, "");
      if (!folders.has(parent)) return response.writeHead(409).end();
      if (request.method === "MKCOL") {
        const made = !folders.has(request.url);
        folders.add(request.url);
        return response.writeHead(made ? 201 : 405).end();
      }
      response.writeHead(201).end();
    });
    await backend.write("blobs/home.1/a%b", new Uint8Array([1]));
    await backend.write("blobs/home.1/c", new Uint8Array([2]));
    await backend.write("blobs/home.2/d", new Uint8Array([3]));
    expect(server.received.map(({ method, url }) => `${method} ${url}`)).toEqual([
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
