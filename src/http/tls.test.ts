import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, type HttpClientOptions } from "./client.js";
import { type TestServer, type TestTls, startServer } from "./testing/server.js";

const folder = mkdtempSync(join(tmpdir(), "concord-http-tls-"));
const file = (name: string) => join(folder, name);

/** A self-signed certificate and its key, written to `<name>.pem` and `<name>.key`. */
function selfSigned(name: string, subject: string, altNames: string): { cert: string; key: string } {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      subject,
      "-addext",
      `subjectAltName=${altNames}`,
    ].concat(["-days", "1", "-keyout", file(`${name}.key`), "-out", file(`${name}.pem`)]),
    { stdio: "ignore" },
  );
  return { cert: readFileSync(file(`${name}.pem`), "utf8"), key: readFileSync(file(`${name}.key`), "utf8") };
}

let serverTls: TestTls;
let clientPair: { cert: string; key: string };
let fingerprint: string;
let server: TestServer;
let client: HttpClient;
let sleeps: number[];

beforeAll(() => {
  serverTls = selfSigned("server", "/CN=localhost", "IP:127.0.0.1,DNS:localhost");
  clientPair = selfSigned("client", "/CN=concord", "DNS:concord");
  fingerprint = new X509Certificate(serverTls.cert).fingerprint256;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(async () => {
  await client?.close();
  await server?.close();
});

async function setUp(options: Omit<HttpClientOptions, "baseUrl">, tls: TestTls = serverTls): Promise<void> {
  server = await startServer((_request, response) => response.end("secure"), tls);
  sleeps = [];
  client = new HttpClient({ baseUrl: server.url, sleep: async (ms) => void sleeps.push(ms), ...options });
}

const get = async () => (await client.request({ method: "GET", url: "x" })).text();

describe("HttpClient TLS", () => {
  it("refuses a certificate it cannot verify, saying what to configure, without retrying", async () => {
    await setUp({});
    await expect(get()).rejects.toMatchObject({
      code: "ConfigError",
      message: expect.stringMatching(
        new RegExp(
          `^GET ${server.url}x: TLS failed \\(DEPTH_ZERO_SELF_SIGNED_CERT\\); set tls_ca for a private CA`,
        ),
      ),
    });
    expect(sleeps).toEqual([]);
  });

  it("trusts a CA from a file besides the system's", async () => {
    await setUp({ tls: { caFile: file("server.pem") } });
    expect(await get()).toBe("secure");
  });

  it.each([
    ["with colons", () => fingerprint],
    ["in lower case without colons", () => fingerprint.replace(/:/g, "").toLowerCase()],
  ])("trusts a pinned fingerprint written %s", async (_form, pinned) => {
    await setUp({ tls: { fingerprint: pinned() } });
    expect(await get()).toBe("secure");
    expect(await get()).toBe("secure");
  });

  it("refuses a certificate other than the pinned one, naming both fingerprints", async () => {
    const wrong = "00".repeat(32);
    await setUp({ tls: { fingerprint: wrong } });
    await expect(get()).rejects.toMatchObject({
      code: "ConfigError",
      message:
        `GET ${server.url}x: the server's certificate has the SHA-256 fingerprint ${fingerprint}, ` +
        `not the pinned ${Array(32).fill("00").join(":")}; if the certificate was renewed, pin the new one in tls_fingerprint`,
    });
    expect(sleeps).toEqual([]);
  });

  it("checks the form of a fingerprint and the CA file", async () => {
    expect(
      () =>
        new HttpClient({ baseUrl: "https://h/", configKey: "storage.cal", tls: { fingerprint: "AB:CD" } }),
    ).toThrow(
      expect.objectContaining({
        code: "ConfigError",
        message: expect.stringMatching(/^storage\.cal\.tls_fingerprint: expected a SHA-256/),
      }),
    );
    await setUp({ configKey: "storage.cal", tls: { caFile: file("missing.pem") } });
    await expect(get()).rejects.toMatchObject({
      code: "ConfigError",
      message: `storage.cal.tls_ca: cannot read the CA file "${file("missing.pem")}" (ENOENT)`,
    });
  });

  it("shows a client certificate to a server that requires one", async () => {
    const mutual = { ...serverTls, clientCa: clientPair.cert };
    await setUp(
      { tls: { caFile: file("server.pem"), clientCert: file("client.pem"), clientKey: file("client.key") } },
      mutual,
    );
    expect(await get()).toBe("secure");
    await client.close();
    client = new HttpClient({ baseUrl: server.url, retries: 0, tls: { caFile: file("server.pem") } });
    await expect(get()).rejects.toMatchObject({ message: expect.stringContaining(`GET ${server.url}x: `) });
  });

  it("refuses to follow a redirect from https to plain http", async () => {
    const plain = await startServer((_request, response) => response.end("plain"));
    try {
      server = await startServer((_request, response) => {
        response.writeHead(301, { Location: `${plain.url}x` });
        response.end();
      }, serverTls);
      client = new HttpClient({ baseUrl: server.url, tls: { caFile: file("server.pem") } });
      await expect(get()).rejects.toMatchObject({
        code: "InvalidDataError",
        message: `GET ${server.url}x: redirect from https to plain http (${plain.url.slice(0, -1)}) refused`,
      });
      expect(plain.received).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
