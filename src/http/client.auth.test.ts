import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseChallenges } from "./challenge.js";
import { HttpClient, type HttpClientOptions } from "./client.js";
import { type DigestAlgorithm, digestResponse } from "./digest.js";
import { type Handler, type TestServer, startServer } from "./testing/server.js";

let server: TestServer;
let client: HttpClient;
const folder = mkdtempSync(join(tmpdir(), "concord-http-auth-"));

async function setUp(handler: Handler, options: Omit<HttpClientOptions, "baseUrl"> = {}): Promise<void> {
  server = await startServer(handler);
  client = new HttpClient({ baseUrl: server.url, retries: 0, configKey: "storage.cal", ...options });
}

afterEach(async () => {
  await client?.close();
  await server?.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

/** A command printing `output` and counting its runs in a file; returns the command and the count. */
function countingCommand(name: string, output: string): { cmd: string[]; runs: () => number } {
  const counter = join(folder, name);
  return {
    cmd: ["sh", "-c", `echo run >> '${counter}'; n=$(wc -l < '${counter}' | tr -d ' '); echo "${output}"`],
    runs: () => readFileSync(counter, "utf8").split("\n").length - 1,
  };
}

/** A server checking Basic credentials. */
const basicServer =
  (authorization: string): Handler =>
  (request, response) => {
    if (request.headers.authorization === authorization) return response.end("ok");
    response.writeHead(401, { "WWW-Authenticate": 'Basic realm="dav"' });
    response.end();
  };

/**
 * A Digest server in the manner of RFC 7616: it issues a new nonce after `usesPerNonce` uses and
 * answers the old one with `stale=true`, and records every nonce count it sees.
 */
function digestServer(options: { algorithms: DigestAlgorithm[]; password: string; usesPerNonce?: number }) {
  let nonce = randomBytes(8).toString("hex");
  let uses = 0;
  const counts = new Map<string, string[]>();
  const challenge = (stale: boolean) =>
    options.algorithms.map(
      (algorithm) =>
        `Digest realm="dav", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="op"${stale ? ", stale=true" : ""}`,
    );
  const handler: Handler = (request, response) => {
    const header = request.headers.authorization ?? "";
    const fields = parseChallenges(header)[0]?.params;
    const refuse = (stale: boolean) => {
      response.writeHead(401, { "WWW-Authenticate": challenge(stale) });
      response.end();
    };
    if (!header.startsWith("Digest ") || fields === undefined) return refuse(false);
    const algorithm = fields.get("algorithm") as DigestAlgorithm;
    const expected = digestResponse({
      algorithm,
      username: fields.get("username") ?? "",
      password: options.password,
      realm: "dav",
      nonce: fields.get("nonce") ?? "",
      method: request.method,
      uri: request.url,
      qop: { nc: fields.get("nc") ?? "", cnonce: fields.get("cnonce") ?? "" },
    });
    if (
      fields.get("response") !== expected ||
      fields.get("opaque") !== "op" ||
      fields.get("uri") !== request.url
    ) {
      return refuse(false);
    }
    const seen = counts.get(fields.get("nonce")!) ?? [];
    counts.set(fields.get("nonce")!, [...seen, fields.get("nc")!]);
    if (fields.get("nonce") !== nonce) return refuse(true);
    if (options.usesPerNonce !== undefined && ++uses >= options.usesPerNonce) {
      nonce = randomBytes(8).toString("hex");
      uses = 0;
    }
    response.end(`hello ${fields.get("username")} via ${algorithm}`);
  };
  return { handler, counts, challenges: () => challenge(false) };
}

describe("HttpClient authentication", () => {
  it("sends Basic up front when told to, resolving the password once", async () => {
    const password = countingCommand("basic-runs", "s3cret");
    await setUp(basicServer(basic("me", "s3cret")), {
      username: "me",
      password: { cmd: password.cmd },
      auth: "basic",
    });
    for (let i = 0; i < 3; i++) await (await client.request({ method: "GET", url: "x" })).text();
    expect(server.received).toHaveLength(3);
    expect(password.runs()).toBe(1);
  });

  it("guesses Basic from the challenge, then sends it up front", async () => {
    await setUp(basicServer(basic("me", "pw")), { username: "me", password: "pw" });
    await (await client.request({ method: "GET", url: "a" })).text();
    await (await client.request({ method: "GET", url: "b" })).text();
    expect(server.received.map((request) => [request.url, request.headers.authorization])).toEqual([
      ["/a", undefined],
      ["/a", basic("me", "pw")],
      ["/b", basic("me", "pw")],
    ]);
  });

  it("resolves no secret while no server asks for one", async () => {
    await setUp((_request, response) => response.end("public"), {
      username: "me",
      password: { env: "CONCORD_TEST_VARIABLE_THAT_IS_NOT_SET" },
    });
    expect(await (await client.request({ method: "GET", url: "feed.ics" })).text()).toBe("public");
  });

  it("reports a secret that cannot be resolved when it is needed", async () => {
    await setUp(basicServer("nobody"), {
      username: "me",
      password: { env: "CONCORD_TEST_VARIABLE_THAT_IS_NOT_SET" },
    });
    await expect(client.request({ method: "GET", url: "x" })).rejects.toMatchObject({
      code: "ConfigError",
      message: "storage.cal.password: environment variable CONCORD_TEST_VARIABLE_THAT_IS_NOT_SET is not set",
    });
  });

  it.each([["MD5"], ["SHA-256"]] as const)(
    "answers a Digest %s challenge and then counts up front",
    async (algorithm) => {
      const digest = digestServer({ algorithms: [algorithm], password: "pw" });
      await setUp(digest.handler, { username: "me", password: "pw" });
      for (let i = 0; i < 3; i++) {
        expect(await (await client.request({ method: "REPORT", url: `/cal/?n=${i}` })).text()).toBe(
          `hello me via ${algorithm}`,
        );
      }
      expect(server.received).toHaveLength(4);
      expect([...digest.counts.values()]).toEqual([["00000001", "00000002", "00000003"]]);
    },
  );

  it("prefers Digest with SHA-256 when the server offers several schemes", async () => {
    const digest = digestServer({ algorithms: ["MD5", "SHA-256"], password: "pw" });
    await setUp(
      (request, response) => {
        if (request.headers.authorization?.startsWith("Digest")) return digest.handler(request, response);
        response.writeHead(401, { "WWW-Authenticate": ['Basic realm="dav"', ...digest.challenges()] });
        response.end();
      },
      { username: "me", password: "pw" },
    );
    expect(await (await client.request({ method: "GET", url: "x" })).text()).toBe("hello me via SHA-256");
  });

  it("answers stale nonces, keeping one count per nonce under concurrency", async () => {
    const digest = digestServer({ algorithms: ["SHA-256"], password: "pw", usesPerNonce: 4 });
    await setUp(digest.handler, { username: "me", password: "pw", auth: "digest", concurrency: 4 });
    const texts = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        (await client.request({ method: "GET", url: `/${i}` })).text(),
      ),
    );
    expect(new Set(texts)).toEqual(new Set(["hello me via SHA-256"]));
    expect(digest.counts.size).toBeGreaterThan(3);
    for (const counts of digest.counts.values()) expect(new Set(counts).size).toBe(counts.length);
  });

  it("fails with AuthError when the credentials are wrong", async () => {
    const digest = digestServer({ algorithms: ["MD5"], password: "right" });
    await setUp(digest.handler, { username: "me", password: "wrong" });
    await expect(client.request({ method: "PROPFIND", url: "cal/" })).rejects.toMatchObject({
      code: "AuthError",
      data: { url: `${server.url}cal/` },
      message: `PROPFIND ${server.url}cal/: 401 Unauthorized: check username/password`,
    });
    expect(server.received).toHaveLength(2);
  });

  it("takes a 403 as a refusal of the request, not of the login", async () => {
    await setUp(
      (_request, response) => {
        response.statusCode = 403;
        response.end();
      },
      { username: "me", password: "pw", auth: "basic" },
    );
    await expect(client.request({ method: "GET", url: "x" })).rejects.toMatchObject({
      code: "InvalidDataError",
      data: { status: 403 },
      message: `GET ${server.url}x: 403 Forbidden: refused for this account`,
    });
  });

  it("says so when the server wants credentials and none are configured, or none that fit", async () => {
    await setUp(basicServer("x"));
    await expect(client.request({ method: "GET", url: "x" })).rejects.toMatchObject({
      code: "AuthError",
      message: `GET ${server.url}x: 401 Unauthorized: the server asks for credentials, and none are configured`,
    });
    await client.close();
    client = new HttpClient({ baseUrl: server.url, username: "me", password: "pw", auth: "digest" });
    await expect(client.request({ method: "GET", url: "x" })).rejects.toMatchObject({
      message: `GET ${server.url}x: 401 Unauthorized: no authentication scheme offered fits auth = "digest" (offered: basic)`,
    });
  });

  it("takes username and password from the base URL", async () => {
    await setUp(basicServer(basic("me@example.com", "p:w")));
    await client.close();
    client = new HttpClient({ baseUrl: server.url.replace("//", "//me%40example.com:p%3Aw@") });
    const response = await client.request({ method: "GET", url: "x" });
    expect(response.url).toBe(`${server.url}x`);
    expect(client.baseUrl.href).toBe(server.url);
  });

  it("refuses a password without a username", () => {
    expect(
      () => new HttpClient({ baseUrl: "https://dav.example.com/", password: "pw", configKey: "storage.cal" }),
    ).toThrow(
      expect.objectContaining({
        code: "ConfigError",
        message: "storage.cal.username: a password is set but no username",
      }),
    );
  });
});

describe("HttpClient bearer tokens", () => {
  it("sends the token, and runs the command again once when the server refuses it", async () => {
    const token = countingCommand("bearer-runs", "token-$n");
    await setUp(
      (request, response) => {
        if (request.headers.authorization === "Bearer token-2") return response.end("ok");
        response.writeHead(401, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
        response.end();
      },
      { bearerCommand: token.cmd },
    );
    await (await client.request({ method: "GET", url: "a" })).text();
    await (await client.request({ method: "GET", url: "b" })).text();
    expect(server.received.map((request) => request.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-2",
    ]);
    expect(token.runs()).toBe(2);
  });

  it("gives up when the fresh token is refused too", async () => {
    const token = countingCommand("bearer-refused", "token-$n");
    await setUp(basicServer("never"), { bearerCommand: token.cmd });
    await expect(client.request({ method: "GET", url: "a" })).rejects.toMatchObject({
      code: "AuthError",
      message: `GET ${server.url}a: 401 Unauthorized: check the token that bearer_command prints`,
    });
    expect(token.runs()).toBe(2);
  });
});
