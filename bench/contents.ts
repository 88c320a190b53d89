/**
 * What a calendar or address book holds, read straight from the server or from a vdir, as UID →
 * normalised hash, so that two tools' results compare whatever each server or tool did to the bytes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describeItem } from "../src/formats/index.js";
import type { DavServer } from "../test/support/servers/index.js";
import { childNamed, childrenNamed, DAV, parseXml } from "../test/support/servers/xml.js";
import type { BenchKind } from "./kinds.js";

export interface Held {
  /** The server URL or file path of the item. */
  readonly location: string;
  readonly hash: string;
}

export type Contents = Map<string, Held>;

/**
 * The server's floor: one calendar-query or addressbook-query returning every item with its data,
 * the least any client must wait for to learn the whole collection. Only the request and the body
 * are timed.
 */
export async function queryAll(
  server: DavServer,
  kind: BenchKind,
  collectionUrl: string,
): Promise<{ seconds: number; contents: Contents }> {
  const credentials = Buffer.from(`${server.username}:${server.password}`).toString("base64");
  const started = process.hrtime.bigint();
  const response = await fetch(collectionUrl, {
    method: "REPORT",
    headers: {
      authorization: `Basic ${credentials}`,
      depth: "1",
      "content-type": "application/xml; charset=utf-8",
    },
    body: kind.queryAll,
  });
  const body = await response.text();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (response.status !== 207) throw new Error(`REPORT ${collectionUrl}: ${response.status} ${body}`);
  const contents: Contents = new Map();
  for (const found of childrenNamed(parseXml(body), DAV, "response")) {
    const href = childNamed(found, DAV, "href")?.text.trim() ?? "";
    // Only what the server found: Xandikos answers for the address book itself too, with a 404.
    const data = childrenNamed(found, DAV, "propstat")
      .filter((propstat) => / 200 /.test(childNamed(propstat, DAV, "status")?.text ?? ""))
      .map((propstat) =>
        childNamed(childNamed(propstat, DAV, "prop") ?? propstat, kind.data.ns, kind.data.name),
      )
      .find((element) => element !== undefined)?.text;
    if (data === undefined) continue;
    remember(contents, new URL(href, collectionUrl).href, Buffer.from(data));
  }
  return { seconds, contents };
}

export function readVdir(folder: string, kind: BenchKind): Contents {
  const contents: Contents = new Map();
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(kind.fileext)) continue;
    const path = join(folder, name);
    remember(contents, path, readFileSync(path));
  }
  return contents;
}

function remember(contents: Contents, location: string, bytes: Uint8Array): void {
  const info = describeItem(bytes);
  if (contents.has(info.ident)) throw new Error(`${location}: UID ${info.ident} held twice`);
  contents.set(info.ident, { location, hash: info.hash });
}

/** Throws, naming the first few differences, unless both hold the same UIDs with the same content. */
export function expectSame(what: string, left: Contents, right: Contents): void {
  const differences: string[] = [];
  for (const [uid, held] of left) {
    const other = right.get(uid);
    if (!other) differences.push(`${uid} only in the first`);
    else if (other.hash !== held.hash) differences.push(`${uid} differs`);
  }
  for (const uid of right.keys()) if (!left.has(uid)) differences.push(`${uid} only in the second`);
  if (differences.length > 0)
    throw new Error(`${what}: ${differences.length} differences, e.g. ${differences.slice(0, 5).join("; ")}`);
}
