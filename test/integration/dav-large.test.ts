/**
 * A calendar of 5,000 events: downloaded into an empty vdir, a sync where nothing changed, ten
 * changes on each side, and 100 new events uploaded. Correctness only: timings belong to bench/.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillCalendar } from "../support/servers/bulk.js";
import { type DavServer, type ServerKind, startServer } from "../support/servers/index.js";
import { event, Workspace } from "../support/workspace.js";

const count = 5_000;
const kinds: ServerKind[] = ["radicale", "xandikos"];

const component = (uid: string, summary: string) =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T100000Z\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\n`;

describe.each(kinds)("%s with 5,000 events", (kind) => {
  let server: DavServer;
  let ws: Workspace;
  beforeAll(async () => {
    server = await startServer(kind);
    ws = new Workspace();
  });
  afterAll(async () => {
    ws?.dispose();
    await server?.stop();
  });

  it("downloads them, then syncs only what changed, both ways", { timeout: 300_000 }, async () => {
    const calendar = await fillCalendar(
      server,
      "big",
      Array.from({ length: count }, (_, n) => component(`event-${n}`, `Event ${n}`)),
    );
    ws.davPair({ type: "caldav", server, collections: '["big"]' });
    const down = await ws.run("sync");
    expect(down.stderr).toBe("");
    expect(down.stdout).toBe(`p/big: collection created in b, created ${count} in b\n`);
    const local = ws.path("local", "big");
    const files = readdirSync(local).filter((name) => name.endsWith(".ics"));
    expect(files).toHaveLength(count);

    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });

    const hrefs = (await ws.run("status", "--json")).stdout;
    expect(JSON.parse(hrefs)[0].collections[0].items).toBe(count);
    const byUid = new Map(
      files.map((name) => [/^UID:(.*)$/m.exec(readFileSync(join(local, name), "utf8"))?.[1]?.trim(), name]),
    );
    for (let n = 0; n < 10; n++) {
      writeFileSync(
        join(local, byUid.get(`event-${n}`) as string),
        event(`event-${n}`, `Edited locally ${n}`),
      );
      const remote = `event-${count - 1 - n}`;
      const stored = await findOnServer(calendar, remote);
      await server.put(
        stored,
        `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${component(remote, `Edited on server ${n}`)}END:VCALENDAR\r\n`,
      );
    }
    const changed = await ws.run("sync");
    expect(changed.stderr).toBe("");
    expect(changed.stdout).toBe("p/big: updated 10 in a, updated 10 in b\n");

    for (let n = 0; n < 100; n++) writeFileSync(join(local, `new-${n}.ics`), event(`new-${n}`, `New ${n}`));
    const up = await ws.run("sync");
    expect(up.stderr).toBe("");
    expect(up.stdout).toBe("p/big: created 100 in a\n");
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  /** The URL the server keeps an event at, found through concord's own status. */
  async function findOnServer(calendar: string, uid: string): Promise<string> {
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(ws.path("status", "p.sqlite"), { readonly: true });
    const row = db.prepare("SELECT href_a FROM items WHERE ident = ?").get(uid) as { href_a: string };
    db.close();
    return new URL(row.href_a, calendar).href;
  }
});
