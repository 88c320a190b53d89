/**
 * What a calendar holds, read straight from the server or from a vdir, as UID → normalised hash,
 * so that two tools' results compare whatever each server or tool did to the bytes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describeItem } from "../src/formats/index.js";
import type { DavServer } from "../test/support/servers/index.js";
import { CALDAV, childNamed, childrenNamed, DAV, parseXml } from "../test/support/servers/xml.js";

export interface Held {
  /** The server URL or file path of the item. */
  readonly location: string;
  readonly hash: string;
}

export type Contents = Map<string, Held>;

const calendarQuery = `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>`;

/**
 * The server's floor: one calendar-query returning every event with its data, the least any
 * client must wait for to learn the whole calendar. Only the request and the body are timed.
 */
export async function queryAll(
  server: DavServer,
  calendarUrl: string,
): Promise<{ seconds: number; contents: Contents }> {
  const credentials = Buffer.from(`${server.username}:${server.password}`).toString("base64");
  const started = process.hrtime.bigint();
  const response = await fetch(calendarUrl, {
    method: "REPORT",
    headers: {
      authorization: `Basic ${credentials}`,
      depth: "1",
      "content-type": "application/xml; charset=utf-8",
    },
    body: calendarQuery,
  });
  const body = await response.text();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (response.status !== 207) throw new Error(`REPORT ${calendarUrl}: ${response.status} ${body}`);
  const contents: Contents = new Map();
  for (const found of childrenNamed(parseXml(body), DAV, "response")) {
    const href = childNamed(found, DAV, "href")?.text.trim() ?? "";
    const data = childrenNamed(found, DAV, "propstat")
      .map((propstat) => childNamed(childNamed(propstat, DAV, "prop") ?? propstat, CALDAV, "calendar-data"))
      .find((element) => element !== undefined)?.text;
    if (data === undefined) continue;
    remember(contents, new URL(href, calendarUrl).href, Buffer.from(data));
  }
  return { seconds, contents };
}

export function readVdir(folder: string): Contents {
  const contents: Contents = new Map();
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(".ics")) continue;
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
