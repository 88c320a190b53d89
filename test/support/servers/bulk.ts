/**
 * Fills a new calendar or address book with many items at once, the fastest way each server
 * allows, so that tests can start from a large collection without thousands of PUTs: Radicale
 * takes a whole collection in one PUT on its URL; Xandikos keeps each collection in a git
 * repository, so the files are committed there directly. The others (Cyrus, DAViCal, SOGo) keep
 * items in databases of their own, so they get one PUT per item, several at a time.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DavServer } from "./index.js";

/** `components` are VEVENT blocks (BEGIN:VEVENT…END:VEVENT\r\n), one per event, each with its UID. */
export async function fillCalendar(
  server: DavServer,
  id: string,
  components: readonly string[],
): Promise<string> {
  const wrap = (body: string) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//concord tests//EN\r\n${body}END:VCALENDAR\r\n`;
  if (server.kind === "radicale") {
    return putWhole(server, `${server.calendarHomeUrl}${id}/`, "text/calendar", wrap(components.join("")));
  }
  const url = await server.makeCalendar(id);
  const files = components.map((component, n) => [`bulk-${n}.ics`, wrap(component)] as const);
  if (server.kind === "xandikos") commitFiles(server, url, files);
  else await putEach(server, url, files);
  return url;
}

/** `cards` are whole vCards (BEGIN:VCARD…END:VCARD\r\n), each with its UID. */
export async function fillAddressbook(
  server: DavServer,
  id: string,
  cards: readonly string[],
): Promise<string> {
  if (server.kind === "radicale") {
    return putWhole(server, `${server.addressbookHomeUrl}${id}/`, "text/vcard", cards.join(""));
  }
  const url = await server.makeAddressbook(id);
  const files = cards.map((card, n) => [`bulk-${n}.vcf`, card] as const);
  if (server.kind === "xandikos") commitFiles(server, url, files);
  else await putEach(server, url, files);
  return url;
}

/** PUTs in flight at once: enough to keep a server's workers busy, few enough not to swamp it. */
const putsInFlight = 8;

async function putEach(
  server: DavServer,
  url: string,
  files: readonly (readonly [string, string])[],
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const [name, content] = files[next++] as readonly [string, string];
      await server.put(`${url}${name}`, content);
    }
  };
  await Promise.all(Array.from({ length: putsInFlight }, worker));
}

/** Radicale makes a collection of the kind of the items in a PUT on a new collection URL. */
async function putWhole(server: DavServer, url: string, type: string, body: string): Promise<string> {
  const credentials = Buffer.from(`${server.username}:${server.password}`).toString("base64");
  const response = await fetch(url, {
    method: "PUT",
    headers: { authorization: `Basic ${credentials}`, "content-type": `${type}; charset=utf-8` },
    body,
  });
  if (response.status !== 201) throw new Error(`PUT ${url}: ${response.status} ${await response.text()}`);
  return url;
}

/** Xandikos serves `<folder>/collections/<URL path>` from git: files committed there are its items. */
function commitFiles(server: DavServer, url: string, files: readonly (readonly [string, string])[]): void {
  const repository = join(server.folder, "collections", ...new URL(url).pathname.split("/").filter(Boolean));
  for (const [name, content] of files) writeFileSync(join(repository, name), content);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=concord tests", "-c", "user.email=tests@localhost", ...args], {
      cwd: repository,
    });
  git("add", "-A");
  git("commit", "-q", "-m", `${files.length} items`);
}
