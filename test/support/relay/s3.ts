/**
 * An S3 server for the relay's tests: s3rver (a child process, its objects in a temp folder, one
 * bucket "relay") behind a front in this process, on another loopback port, that checks every
 * request's Signature V4 (`sigv4-check.ts`) and passes it on. The front can be stopped and started
 * again on its port, to test what a client does while the server is away.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, request as forward, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { ServerProcess } from "../servers/child.js";
import { addressInUse, freePort, listening } from "../servers/port.js";
import { checkSignature } from "./sigv4-check.js";

export interface S3Relay {
  /** `s3://relay/<prefix>` */
  readonly url: string;
  /** The front's URL, `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The requests the front received, method and target (path and query), in order. */
  readonly requests: string[];
  /** Every object in the bucket, by its whole key, read from s3rver's folder. */
  objects(): Record<string, Buffer>;
  /** The file in s3rver's folder holding each object, by its whole key. */
  objectFiles(): Record<string, string>;
  /** Stops answering: the front closes its port and its connections. */
  pause(): Promise<void>;
  /** Answers again, on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The front's account. Not s3rver's own (S3RVER / S3RVER): a secret unlike anything else in a
 * message, with characters that URLs encode, makes a test that looks for it in output mean something.
 */
const accessKeyId = "CONCORDTEST";
const secretAccessKey = `Secret/${randomBytes(6).toString("hex")}+Key=`;
const bucket = "relay";
const region = "us-east-1";
/** How s3rver names an object's content in its folder. */
const objectSuffix = "._S3rver_object";

/** @param prefix the relay's prefix in the bucket: empty, or ending in `/` */
export async function startS3Relay(prefix = "archive/"): Promise<S3Relay> {
  const directory = mkdtempSync(join(tmpdir(), "concord-s3-"));
  const { s3rver, port: backPort } = await startS3rver(directory);
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const front = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await read(incoming);
      const target = incoming.url ?? "/";
      requests.push(`${incoming.method} ${target}`);
      const verdict = checkSignature(
        { method: incoming.method ?? "", target, headers: incoming.headers, body },
        { [accessKeyId]: secretAccessKey },
        region,
      );
      if (!verdict.ok) {
        outgoing.writeHead(403, { "content-type": "application/xml" });
        outgoing.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${verdict.code}</Code><Message>${verdict.message}</Message><SignatureProvided>${/Signature=(\w+)/.exec(incoming.headers.authorization ?? "")?.[1] ?? ""}</SignatureProvided></Error>`,
        );
        return;
      }
      // s3rver takes a request without Authorization as its own account's: the front has checked it.
      const { authorization: _checked, ...headers } = incoming.headers;
      const back = forward(
        { host: "127.0.0.1", port: backPort, method: incoming.method, path: target, headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      back.on("error", () => outgoing.destroy());
      back.end(body);
    })();
  });
  front.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      front.once("error", reject);
      front.listen(port, "127.0.0.1", () => resolve((front.address() as AddressInfo).port));
    });
  const close = () =>
    new Promise<void>((resolve) => {
      front.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  const port = await listen(0);
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    url: `s3://${bucket}/${prefix}`,
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    requests,
    objectFiles: () => objectFilesIn(join(directory, bucket)),
    objects: () =>
      Object.fromEntries(
        Object.entries(objectFilesIn(join(directory, bucket))).map(([key, path]) => [
          key,
          readFileSync(path),
        ]),
      ),
    pause: close,
    resume: async () => void (await listen(port)),
    async stop() {
      if (front.listening) await close();
      await s3rver.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Another process may take the port between the probe and s3rver's bind: then another is tried. */
const portAttempts = 5;
const startTimeoutMs = 30_000;

/**
 * s3rver in a process of its own, since it makes its continuation tokens with DES, which Node's
 * OpenSSL 3 offers only with the legacy provider.
 */
async function startS3rver(directory: string): Promise<{ s3rver: ServerProcess; port: number }> {
  const bin = createRequire(import.meta.url).resolve("s3rver/bin/s3rver.js");
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ["-d", directory, "-a", "127.0.0.1", "-p", String(port), "--silent"];
    const s3rver = new ServerProcess(process.execPath, [
      "--openssl-legacy-provider",
      bin,
      ...args,
      "--configure-bucket",
      bucket,
    ]);
    const started = Date.now();
    let exited = false;
    void s3rver.exited.then(() => (exited = true));
    while (!exited && Date.now() - started < startTimeoutMs) {
      if (await listening(port)) return { s3rver, port };
      await sleep(50);
    }
    await s3rver.stop();
    if (attempt < portAttempts && addressInUse.test(s3rver.output)) continue;
    throw new Error(`s3rver did not start on port ${port}: ${s3rver.output}`);
  }
}

async function read(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function objectFilesIn(folder: string, prefix = ""): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) Object.assign(found, objectFilesIn(path, `${prefix}${name}/`));
    else if (name.endsWith(objectSuffix)) found[`${prefix}${name.slice(0, -objectSuffix.length)}`] = path;
  }
  return found;
}
