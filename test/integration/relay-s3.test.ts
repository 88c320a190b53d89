/**
 * The S3 backend of the relay against a real S3 server (s3rver, behind a front that checks every
 * signature as AWS does): objects written, read, streamed, listed across pages, removed one by one
 * and in batches; refusals worded with S3's code and never a secret; a request retried while the
 * server is away.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RelayBackend } from "../../src/storages/relay/backends/backend.js";
import { backendFor } from "../../src/storages/relay/backends/backend-for.js";
import { s3Location } from "../../src/storages/relay/backends/s3/location.js";
import { type S3ObjectsOptions, s3Objects } from "../../src/storages/relay/backends/s3/s3-objects.js";
import { relayConfigSchema } from "../../src/storages/relay/config.js";
import { type S3Relay, startS3Relay } from "../support/relay/s3.js";
import { checkSignature } from "../support/relay/sigv4-check.js";

let s3: S3Relay;
const opened: RelayBackend[] = [];

beforeAll(async () => {
  s3 = await startS3Relay();
});
afterAll(async () => {
  await Promise.all(opened.map((backend) => backend.close?.()));
  await s3?.stop();
});

/** A backend on its own prefix of the bucket, so that tests do not see each other's objects. */
function backend(
  prefix: string,
  options: Partial<S3ObjectsOptions> = {},
  lines: string[] = [],
): RelayBackend {
  const made = s3Objects({
    storage: "relay",
    location: s3Location("relay", { url: `s3://relay/${prefix}`, endpoint: s3.endpoint }),
    credentials: {
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      secretKey: "storage.relay.secret_access_key",
      region: s3.region,
    },
    explain: (line) => lines.push(line),
    ...options,
  });
  opened.push(made);
  return made;
}

/** The bucket's objects under `prefix`, by relay key, as text. */
function stored(prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(s3.objects())
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, content]) => [key.slice(prefix.length), content.toString("utf8")]),
  );
}

async function* chunked(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function streamed(source: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

describe("S3 relay backend", () => {
  it("writes, reads and streams objects; a missing one reads as nothing and fails to open", async () => {
    const relay = backend("basics/");
    await relay.write("relay.json", Buffer.from('{"format":1}'));
    await relay.write("sets/home.1", chunked("a change set", 4));
    await relay.write("relay.json", Buffer.from('{"format":2}'));
    expect(stored("basics/")).toEqual({ "relay.json": '{"format":2}', "sets/home.1": "a change set" });
    expect(Buffer.from((await relay.read("sets/home.1")) ?? []).toString()).toBe("a change set");
    expect(await streamed(relay.open("relay.json"))).toBe('{"format":2}');
    expect(await relay.read("sets/home.2")).toBeUndefined();
    await expect(streamed(relay.open("sets/home.2"))).rejects.toMatchObject({
      code: "NotFoundError",
      message: `GET ${s3.endpoint}/relay/basics/sets/home.2: 404 Not Found: NoSuchKey: The specified key does not exist.`,
    });
    expect(relay.where).toBe(`s3://relay/basics/ at ${s3.endpoint}/`);
  });

  it("keeps nested keys, spaces, non-ASCII and characters URLs encode", async () => {
    const relay = backend("names/");
    const keys = ["a/b/c/d", "with space/x y", "ünï/cödé/日本", "odd/+!'()*~&=?#%;,$@[]"];
    for (const key of keys) await relay.write(key, Buffer.from(`content of ${key}`));
    expect(stored("names/")).toEqual(Object.fromEntries(keys.map((key) => [key, `content of ${key}`])));
    expect((await relay.list("")).map(({ key }) => key).sort()).toEqual([...keys].sort());
    for (const key of keys)
      expect(Buffer.from((await relay.read(key)) ?? []).toString()).toBe(`content of ${key}`);
    await expect(relay.write("a/../b", Buffer.from("x"))).rejects.toMatchObject({ code: "InvalidDataError" });
    await expect(relay.read("a//b")).rejects.toThrow(/refusing the relay key "a\/\/b"/);
  });

  it("lists what is under a prefix, across pages", async () => {
    const relay = backend("pages/", { pageSize: 7 });
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        relay.write(`blobs/home.1/${String(i).padStart(2, "0")}`, Buffer.from("x".repeat(i))),
      ),
    );
    await relay.write("blobs/home.10/00", Buffer.from("elsewhere"));
    await relay.write("sets/home.1", Buffer.from("set"));
    const before = s3.requests.length;
    const listed = await relay.list("blobs/home.1/");
    expect(listed).toEqual(
      Array.from({ length: 25 }, (_, i) => ({ key: `blobs/home.1/${String(i).padStart(2, "0")}`, size: i })),
    );
    const pages = s3.requests.slice(before);
    expect(pages).toHaveLength(4);
    expect(pages[0]).toBe("GET /relay/?list-type=2&prefix=pages%2Fblobs%2Fhome.1%2F&max-keys=7");
    expect(pages[1]).toMatch(/&continuation-token=/);
    expect((await relay.list("blobs/")).length).toBe(26);
    expect(await relay.list("manifests/")).toEqual([]);
  });

  it("removes objects, one that is gone already without complaint", async () => {
    const relay = backend("remove/");
    await relay.write("places/home", Buffer.from("1"));
    await relay.write("places/anna", Buffer.from("2"));
    await relay.remove("places/home");
    await relay.remove("places/home");
    await relay.remove("places/nobody");
    expect(stored("remove/")).toEqual({ "places/anna": "2" });
  });

  // 1,002 objects written one request each take seconds, more on a busy machine.
  it("removes everything under a prefix, more than 1,000 objects in batches", async () => {
    const relay = backend("bulk/", { http: { concurrency: 16 } });
    const names = Array.from({ length: 1001 }, (_, i) => `blobs/home.3/${i}`);
    for (let start = 0; start < names.length; start += 64) {
      await Promise.all(names.slice(start, start + 64).map((name) => relay.write(name, Buffer.from(name))));
    }
    await relay.write("blobs/home.4/kept", Buffer.from("kept"));
    expect((await relay.list("blobs/home.3/")).length).toBe(1001);
    const before = s3.requests.length;
    await relay.removeAll("blobs/home.3/");
    const requests = s3.requests.slice(before);
    expect(requests.filter((request) => request === "POST /relay/?delete")).toHaveLength(2);
    expect(requests.filter((request) => request.includes("continuation-token"))).toHaveLength(1);
    expect(stored("bulk/")).toEqual({ "blobs/home.4/kept": "kept" });
  }, 90_000);

  it("sends an object in one PUT, streamed or not, empty or not", async () => {
    const relay = backend("whole/");
    const part = "0123456789abcdef".repeat(10 * 1024); // 160 KiB
    const before = s3.requests.length;
    await relay.write("blobs/home.1/part", chunked(part, 1000));
    await relay.write("blobs/home.1/empty", chunked("", 1000));
    expect(s3.requests.slice(before)).toEqual([
      "PUT /relay/whole/blobs/home.1/part",
      "PUT /relay/whole/blobs/home.1/empty",
    ]);
    expect(stored("whole/")).toEqual({ "blobs/home.1/part": part, "blobs/home.1/empty": "" });
    expect(await streamed(relay.open("blobs/home.1/part"))).toBe(part);
  });

  it("words a wrong secret key or key ID as an AuthError naming the URL, never showing the secret", async () => {
    const secret = "wrong-Secret/Key+42";
    const lines: string[] = [];
    const wrong = backend(
      "auth/",
      {
        credentials: {
          accessKeyId: s3.accessKeyId,
          secretAccessKey: { env: "CONCORD_TEST_S3_SECRET" },
          secretKey: "k",
          region: s3.region,
        },
      },
      lines,
    );
    process.env.CONCORD_TEST_S3_SECRET = secret;
    try {
      const failure = await wrong.read("relay.json").then(
        () => expect.unreachable("a wrong secret must fail"),
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({
        code: "AuthError",
        message: `GET ${s3.endpoint}/relay/auth/relay.json: 403 Forbidden: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.; check storage.relay.access_key_id and storage.relay.secret_access_key`,
      });
      const printed = [inspect(failure, { depth: 8 }), JSON.stringify(failure), ...lines].join("\n");
      expect(printed).toContain("403");
      expect(printed).not.toContain(secret);
      expect(printed).not.toContain(encodeURIComponent(secret));
      expect(printed).not.toMatch(/Signature=|SignatureProvided/);
    } finally {
      delete process.env.CONCORD_TEST_S3_SECRET;
    }

    const unknown = backend("auth/", {
      credentials: { accessKeyId: "NOBODY", secretAccessKey: "x", secretKey: "k", region: s3.region },
    });
    await expect(unknown.list("")).rejects.toMatchObject({
      code: "AuthError",
      message: expect.stringContaining("InvalidAccessKeyId"),
    });
  });

  it("names the url's key for a bucket that does not exist", async () => {
    const relay = backendFor(
      "relay",
      relayConfigSchema.parse({
        type: "relay",
        place: "home",
        url: "s3://no-such-bucket/",
        endpoint: s3.endpoint,
        access_key_id: s3.accessKeyId,
        secret_access_key: s3.secretAccessKey,
      }),
    );
    opened.push(relay);
    await expect(relay.read("relay.json")).rejects.toMatchObject({
      code: "ConfigError",
      message: `GET ${s3.endpoint}/no-such-bucket/relay.json: 404 Not Found: NoSuchBucket: The specified bucket does not exist; check the bucket in storage.relay.url`,
    });
  });

  it("tries a request again while the server is away, and succeeds once it is back", async () => {
    const lines: string[] = [];
    const relay = backend("away/", { http: { retryBaseDelayMs: 200 } }, lines);
    await relay.write("places/home", Buffer.from("before"));
    await s3.pause();
    const writing = relay.write("places/home", Buffer.from("while away"));
    setTimeout(() => void s3.resume(), 400);
    await writing;
    expect(Buffer.from((await relay.read("places/home")) ?? []).toString()).toBe("while away");
    expect(lines.some((line) => /^PUT .*places\/home -> failed: ECONNREFUSED/.test(line))).toBe(true);
    expect(lines.some((line) => /^PUT .*places\/home: retrying in \d+ ms/.test(line))).toBe(true);
  });
});

describe("the test server's signature check", () => {
  it("agrees with AWS's example of a signed GET", () => {
    // From the Signature V4 examples of the S3 API reference ("GET Object").
    const request = {
      method: "GET",
      target: "/test.txt",
      headers: {
        host: "examplebucket.s3.amazonaws.com",
        range: "bytes=0-9",
        "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "x-amz-date": "20130524T000000Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
      },
      body: new Uint8Array(),
    };
    const secrets = { AKIAIOSFODNN7EXAMPLE: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
    const then = new Date("2013-05-24T00:05:00Z");
    expect(checkSignature(request, secrets, "us-east-1", then)).toEqual({ ok: true });
    expect(checkSignature({ ...request, target: "/test2.txt" }, secrets, "us-east-1", then)).toMatchObject({
      code: "SignatureDoesNotMatch",
    });
    expect(
      checkSignature({ ...request, body: new Uint8Array([1]) }, secrets, "us-east-1", then),
    ).toMatchObject({
      code: "XAmzContentSHA256Mismatch",
    });
  });
});
