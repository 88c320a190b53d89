/**
 * Fills a new calendar with many events at once, the fastest way each server allows, so that
 * tests can start from a large collection without thousands of PUTs: Radicale takes a whole
 * calendar in one PUT on the collection URL; Xandikos keeps each collection in a git repository,
 * so the files are committed there directly.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
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
    const url = `${server.calendarHomeUrl}${id}/`;
    const credentials = Buffer.from(`${server.username}:${server.password}`).toString("base64");
    const response = await fetch(url, {
      method: "PUT",
      headers: { authorization: `Basic ${credentials}`, "content-type": "text/calendar; charset=utf-8" },
      body: wrap(components.join("")),
    });
    if (response.status !== 201) throw new Error(`PUT ${url}: ${response.status} ${await response.text()}`);
    return url;
  }
  const url = await server.makeCalendar(id);
  const [user] = readdirSync(join(server.folder, "collections"));
  const repository = join(server.folder, "collections", user as string, "calendars", id);
  components.forEach((component, n) => writeFileSync(join(repository, `bulk-${n}.ics`), wrap(component)));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=concord tests", "-c", "user.email=tests@localhost", ...args], {
      cwd: repository,
    });
  git("add", "-A");
  git("commit", "-q", "-m", `${components.length} events`);
  return url;
}
