/**
 * The DAV servers the integration tests run against: they start on loopback, hold what is put on them,
 * and leave nothing behind.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { propfind, startServer, type DavServer, type ServerKind } from "../support/servers/index.js";
import { describeServers } from "../support/servers/describe-servers.js";
import { event } from "../support/workspace.js";

const kinds: ServerKind[] = ["radicale", "xandikos", "cyrus", "davical", "sogo"];

const card = (uid: string, name: string): string =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name};;;;\r\nEND:VCARD\r\n`;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeServers(
  kinds,
  (kind) => `${kind}`,
  (kind) => {
    let server: DavServer;

    beforeAll(async () => {
      server = await startServer(kind);
    });

    afterAll(() => server?.stop());

    it("reports the account's principal and home sets on loopback", () => {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      // Each server lays its URLs out its own way; all name the account and sit on this server.
      for (const url of [server.principalUrl, server.calendarHomeUrl, server.addressbookHomeUrl]) {
        expect(url.startsWith(server.url)).toBe(true);
        expect(url).toContain(`/${server.username}/`);
      }
    });

    it("stores an event in a new calendar and lists it with its ETag", async () => {
      const calendar = await server.makeCalendar("work");
      expect(calendar).toBe(`${server.calendarHomeUrl}work/`);
      const item = `${calendar}one.ics`;

      const etag = await server.put(item, event("one", "First"));
      expect(etag).toMatch(/^"[^"]+"$/);

      const listing = await propfind(server, calendar, 1, ["{DAV:}getetag"]);
      const listed = listing.find((response) => new URL(response.href, server.url).href === item);
      expect(listed?.props.get("{DAV:}getetag")?.text).toBe(etag);

      const stored = await server.get(item);
      expect(stored?.etag).toBe(etag);
      expect(stored?.body).toContain("SUMMARY:First");

      await server.remove(item);
      expect(await server.get(item)).toBeUndefined();
    });

    it("stores a card in a new address book", async () => {
      const book = await server.makeAddressbook("friends");
      expect(book).toBe(`${server.addressbookHomeUrl}friends/`);
      const etag = await server.put(`${book}ada.vcf`, card("ada", "Ada"));
      const stored = await server.get(`${book}ada.vcf`);
      expect(stored?.body).toContain("FN:Ada");
      expect(stored?.etag).toMatch(/^"[^"]+"$/);
      // DAViCal answers the PUT of a vCard without an ETag, the others with the one GET gives.
      expect(etag).toBe(kind === "davical" ? undefined : stored?.etag);
    });

    it("keeps its port and data across a restart", async () => {
      const calendar = await server.makeCalendar("kept");
      const etag = await server.put(`${calendar}kept.ics`, event("kept", "Kept"));
      const { url, pid } = server;

      await server.restart();

      expect(server.url).toBe(url);
      expect(server.pid).not.toBe(pid);
      expect((await server.get(`${calendar}kept.ics`))?.etag).toBe(etag);
    });

    it.runIf(kind === "radicale")("refuses a wrong password", async () => {
      const response = await fetch(server.principalUrl, {
        method: "PROPFIND",
        headers: { Authorization: `Basic ${Buffer.from(`${server.username}:wrong`).toString("base64")}` },
      });
      expect(response.status).toBe(401);
    });

    it("leaves no process, folder or listener behind once stopped", async () => {
      const { pid, folder, url } = server;
      expect(pid).toBeDefined();
      expect(existsSync(folder)).toBe(true);

      await server.stop();

      expect(isRunning(pid!)).toBe(false);
      expect(existsSync(folder)).toBe(false);
      await expect(fetch(url)).rejects.toThrow();
    });
  },
);
