/**
 * concord keeping a real Radicale or Xandikos account and a vdir in agreement, through the CLI
 * (and the library API where a race has to be staged between planning and writing), merges of
 * contacts and events changed on both sides included.
 */
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { openConfig } from "../../src/api/open.js";
import { sync } from "../../src/api/sync.js";
import { type DavServer, type ServerKind, startServer } from "../support/servers/index.js";
import { describeServers } from "../support/servers/describe-servers.js";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

const kinds: ServerKind[] = ["radicale", "xandikos", "cyrus", "davical", "sogo"];

/**
 * SOGo's CTag and sync-token are the time of the collection's last change in whole seconds: a
 * change made in the same second as the sync before it leaves both as they were, and no client
 * sees it until a later change (docs/ARCHITECTURE.md, the servers' quirks). Where a scenario
 * changes the server right after a sync, on SOGo it waits for the next second first: what the
 * scenario checks is how concord carries the change, not that limitation of SOGo's.
 */
async function nextSecondOn(kind: ServerKind): Promise<void> {
  if (kind !== "sogo") return;
  await new Promise((resolve) => setTimeout(resolve, 1050 - (Date.now() % 1000)));
}

const card = (uid: string, name: string, version: "3.0" | "4.0" = "3.0"): string =>
  `BEGIN:VCARD\r\nVERSION:${version}\r\nUID:${uid}\r\nFN:${name}\r\nN:${name};;;;\r\nEND:VCARD\r\n`;

describeServers(
  kinds,
  (kind) => `${kind} <-> vdir`,
  (kind) => {
    let server: DavServer;
    let ws: Workspace;

    beforeAll(async () => {
      server = await startServer(kind);
    });
    afterAll(() => server?.stop());
    beforeEach(() => {
      ws = new Workspace();
    });
    afterEach(() => ws.dispose());

    /** A pair of the server (a) and a vdir (b). */
    function configure(type: "caldav" | "carddav", collections: string, pairExtra = ""): void {
      ws.davPair({ type, server, collections, pairExtra });
    }

    const run = (...args: string[]) => ws.run(...args);

    it("discovers calendars from the root URL and downloads them into a vdir", async () => {
      const calendar = await server.makeCalendar(`down-${kind}`);
      await server.put(`${calendar}one.ics`, event("one", "First"));
      await server.put(`${calendar}two.ics`, event("two", "Second"));
      configure("caldav", `["down-${kind}"]`);

      const discovered = await run("discover");
      expect(discovered.stdout).toContain(`down-${kind}: a ${calendar}`);

      const first = await run("sync");
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(itemSummaries(ws.path("local", `down-${kind}`))).toEqual({ one: "First", two: "Second" });
      expect(await run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    });

    it("uploads a vdir to the server, creating the calendar with its name and colour", async () => {
      const id = `up-${kind}`;
      ws.write(`local/${id}/a.ics`, event("a", "Alpha"));
      ws.write(`local/${id}/b.ics`, event("b", "Beta"));
      ws.write(`local/${id}/displayname`, "Uploaded");
      ws.write(`local/${id}/color`, "#ff8800");
      configure("caldav", '"from b"', 'metadata = ["displayname", "color"]');

      const result = await run("sync");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const discovered = JSON.parse((await run("discover", "--json")).stdout) as {
        mappings: { name: string; a?: { properties: Record<string, string> } }[];
      }[];
      const mapping = discovered[0]?.mappings.find((m) => m.name === id);
      expect(mapping?.a?.properties).toMatchObject({
        displayname: "Uploaded",
        color: expect.stringMatching(/^#ff8800/i),
      });
      const names = readdirSync(ws.path("local", id)).filter((name) => name.endsWith(".ics"));
      expect(names).toHaveLength(2);
      for (const uid of ["a", "b"]) {
        const stored = await server.get(`${server.calendarHomeUrl}${id}/${uid}.ics`);
        expect(stored?.body).toContain(`UID:${uid}`);
      }
    });

    it("carries edits, deletions and additions both ways, and metadata back", async () => {
      const id = `both-${kind}`;
      const calendar = await server.makeCalendar(id);
      for (const uid of ["e1", "e2", "e3"])
        await server.put(`${calendar}${uid}.ics`, event(uid, `v1 ${uid}`));
      configure("caldav", `["${id}"]`, 'metadata = ["displayname"]');
      await run("sync");
      const local = ws.path("local", id);

      await nextSecondOn(kind);
      await server.put(`${calendar}e1.ics`, event("e1", "v2 from server"));
      await server.remove(`${calendar}e2.ics`);
      await server.put(`${calendar}s4.ics`, event("s4", "new on server"));
      const e3 = readdirSync(local).find((name) =>
        readFileSync(join(local, name), "utf8").includes("UID:e3"),
      ) as string;
      writeFileSync(join(local, e3), event("e3", "v2 from vdir"));
      writeFileSync(join(local, "l5.ics"), event("l5", "new in vdir"));
      writeFileSync(join(local, "displayname"), "Renamed locally");

      const result = await run("sync");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const want = { e1: "v2 from server", e3: "v2 from vdir", s4: "new on server", l5: "new in vdir" };
      expect(itemSummaries(local)).toEqual(want);
      expect((await server.get(`${calendar}e3.ics`))?.body).toContain("SUMMARY:v2 from vdir");
      const uploaded = await server.get(`${calendar}l5.ics`);
      expect(uploaded?.body).toContain("SUMMARY:new in vdir");

      // Deleting locally deletes on the server.
      unlinkSync(join(local, e3));
      await run("sync");
      expect(await server.get(`${calendar}e3.ics`)).toBeUndefined();
      expect(await run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
      const props = JSON.parse((await run("discover", "--json")).stdout) as {
        mappings: { name: string; a?: { properties: Record<string, string> } }[];
      }[];
      expect(props[0]?.mappings.find((m) => m.name === id)?.a?.properties.displayname).toBe(
        "Renamed locally",
      );
    });

    it("deletes the calendar on the server once its vdir folder is deleted and on_empty allows it", async () => {
      const id = `gone-${kind}`;
      ws.write(`local/${id}/x.ics`, event("x", "doomed"));
      configure("caldav", '"all"', 'on_empty = "sync"');
      await run("sync");
      expect((await server.get(`${server.calendarHomeUrl}${id}/x.ics`))?.body).toContain("UID:x");
      rmSync(ws.path("local", id), { recursive: true });
      const result = await run("sync");
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain(`p/${id}: deleted 1 in a, collection deleted in a`);
      const discovered = (await run("discover")).stdout;
      expect(discovered).not.toContain(id);
    });

    it("a change on the server between listing and writing ends as a conflict, with nothing lost", async () => {
      const id = `race-${kind}`;
      const calendar = await server.makeCalendar(id);
      await server.put(`${calendar}r.ics`, event("r", "v1"));
      configure("caldav", `["${id}"]`);
      await run("sync");
      const local = ws.path("local", id);
      const name = readdirSync(local).find((file) => file.endsWith(".ics")) as string;
      writeFileSync(join(local, name), event("r", "edited in vdir"));

      process.env.DAV_PASSWORD = server.password; // this run is in-process: secrets come from its environment
      const config = await openConfig({ configFile: ws.path("config.toml") });
      const raced = await sync({
        config,
        // Between planning and writing, someone edits the event on the server.
        confirm: async () => {
          await server.put(`${calendar}r.ics`, event("r", "edited on server"));
          return true;
        },
      });
      const failures = raced.pairs[0]?.collections[0]?.failures ?? [];
      expect(failures.map((failure) => failure.error.code)).toEqual(["PreconditionFailedError"]);
      expect((await server.get(`${calendar}r.ics`))?.body).toContain("SUMMARY:edited on server");

      const next = await run("sync");
      expect(next.code).toBe(1);
      expect(next.stderr).toContain("conflict: r changed on both sides");
      expect(itemSummaries(local)).toEqual({ r: "edited in vdir" });
      expect((await server.get(`${calendar}r.ics`))?.body).toContain("SUMMARY:edited on server");
    });

    /** Replaces the listing state concord keeps for the server side of the only collection. */
    function storeServerState(state: object): void {
      const db = new Database(ws.path("status", "p.sqlite"));
      db.prepare("UPDATE collections SET state_a = ?").run(JSON.stringify(state));
      db.close();
    }

    it("checks the CTag first: a sync where nothing changed is one request for the collection", async () => {
      const id = `ctag-${kind}`;
      const calendar = await server.makeCalendar(id);
      await server.put(`${calendar}c1.ics`, event("c1", "one"));
      configure("caldav", `["${id}"]`);
      await run("sync");
      const db = new Database(ws.path("status", "p.sqlite"), { readonly: true });
      const { state_a } = db.prepare("SELECT state_a FROM collections").get() as { state_a: string };
      db.close();
      expect(Object.keys(JSON.parse(state_a))).toEqual(["ctag"]);

      const quiet = await run("sync", "-vv");
      expect(quiet.stderr.split("\n").filter((line) => line.includes(calendar))).toEqual([
        expect.stringMatching(/PROPFIND .* -> 207/),
      ]);
      await nextSecondOn(kind);
      await server.put(`${calendar}c2.ics`, event("c2", "two"));
      expect((await run("sync")).stderr).toBe("");
      expect(itemSummaries(ws.path("local", id))).toEqual({ c1: "one", c2: "two" });
    });

    it("continues from a stored sync token, and after one the server forgot, with one full listing", async () => {
      const id = `token-${kind}`;
      const calendar = await server.makeCalendar(id);
      await server.put(`${calendar}t1.ics`, event("t1", "one"));
      configure("caldav", `["${id}"]`);
      await run("sync");
      storeServerState({ token: await server.syncToken(calendar) });
      await nextSecondOn(kind);
      await server.put(`${calendar}t2.ics`, event("t2", "two"));
      const delta = await run("sync", "-vv");
      expect(delta.stderr).toMatch(/REPORT .* -> 207/);
      expect(itemSummaries(ws.path("local", id))).toEqual({ t1: "one", t2: "two" });

      storeServerState({ token: `${calendar}sync/expired-token-0` });
      await server.put(`${calendar}t3.ics`, event("t3", "three"));
      const result = await run("sync");
      expect(result.stderr).toBe("");
      expect(itemSummaries(ws.path("local", id))).toEqual({ t1: "one", t2: "two", t3: "three" });
    });

    it("keeps hrefs with spaces, @, + and non-ASCII letters", async () => {
      const id = `names-${kind}`;
      const calendar = await server.makeCalendar(id);
      const names = ["with space.ics", "at@sign.ics", "plus+sign.ics", "grüße-ä.ics"];
      for (const [n, name] of names.entries()) {
        await server.put(`${calendar}${encodeURIComponent(name)}`, event(`n${n}`, `name ${n}`));
      }
      configure("caldav", `["${id}"]`);
      expect((await run("sync")).stderr).toBe("");
      const local = ws.path("local", id);
      expect(Object.keys(itemSummaries(local)).sort()).toEqual(["n0", "n1", "n2", "n3"]);
      for (const file of readdirSync(local).filter((f) => f.endsWith(".ics"))) {
        const text = readFileSync(join(local, file), "utf8");
        writeFileSync(join(local, file), text.replace(/SUMMARY:name (\d)/, "SUMMARY:edited $1"));
      }
      const result = await run("sync");
      expect(result.stderr).toBe("");
      for (const [n, name] of names.entries()) {
        expect((await server.get(`${calendar}${encodeURIComponent(name)}`))?.body).toContain(
          `SUMMARY:edited ${n}`,
        );
      }
    });

    it("synchronises contacts in vCard 3 and 4", async () => {
      const id = `cards-${kind}`;
      const book = await server.makeAddressbook(id);
      await server.put(`${book}three.vcf`, card("three", "Vcard Three"));
      await server.put(`${book}four.vcf`, card("four", "Vcard Four", "4.0"));
      configure("carddav", `["${id}"]`);
      const first = await run("sync");
      expect(first.stderr).toBe("");
      const local = ws.path("local", id);
      expect(itemSummaries(local)).toEqual({ three: "Vcard Three", four: "Vcard Four" });
      writeFileSync(join(local, "new.vcf"), card("new", "Added Locally", "4.0"));
      await run("sync");
      const stored = await server.get(`${book}new.vcf`);
      expect(stored?.body).toContain("FN:Added Locally");
    });

    /** The one item file of a collection in the vdir. */
    const localItem = (id: string): string => {
      const [name] = readdirSync(ws.path("local", id)).filter((file) => /\.(ics|vcf)$/.test(file));
      if (name === undefined) throw new Error(`no item in local/${id}`);
      return ws.path("local", id, name);
    };

    it('merges a number added on the server with an address added in the vdir (conflict_resolution = "merge")', async () => {
      const id = `merge-contacts-${kind}`;
      const book = await server.makeAddressbook(id);
      const jane = (extra: string) => card("jane", "Jane Doe").replace("END:VCARD", `${extra}END:VCARD`);
      await server.put(`${book}jane.vcf`, jane("TEL;TYPE=CELL:+1 555 0100\r\n"));
      configure("carddav", `["${id}"]`, 'conflict_resolution = "merge"');
      expect((await run("sync")).code).toBe(0);
      await nextSecondOn(kind);

      await server.put(`${book}jane.vcf`, jane("TEL;TYPE=CELL:+1 555 0100\r\nTEL;TYPE=HOME:+1 555 0111\r\n"));
      writeFileSync(
        localItem(id),
        jane("TEL;TYPE=CELL:+1 555 0100\r\nEMAIL;TYPE=INTERNET:jane@example.com\r\n"),
      );
      expect(await run("sync")).toEqual({ code: 0, stdout: `p/${id}: merged 1\n`, stderr: "" });

      const onServer = (await server.get(`${book}jane.vcf`))?.body ?? "";
      for (const text of [onServer, readFileSync(localItem(id), "utf8")]) {
        for (const line of [
          "TEL;TYPE=CELL:+1 555 0100",
          "TEL;TYPE=HOME:+1 555 0111",
          "EMAIL;TYPE=INTERNET:jane@example.com",
        ])
          expect(text).toContain(line);
      }
      expect(await run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    });

    it("leaves an event whose SUMMARY both sides changed a reported conflict, both sides as they were", async () => {
      const id = `merge-events-${kind}`;
      const calendar = await server.makeCalendar(id);
      await server.put(`${calendar}meeting.ics`, event("meeting", "Planning"));
      configure("caldav", `["${id}"]`, 'conflict_resolution = "merge"');
      expect((await run("sync")).code).toBe(0);
      await nextSecondOn(kind);

      await server.put(`${calendar}meeting.ics`, event("meeting", "Planning Q2"));
      writeFileSync(localItem(id), event("meeting", "Budget"));
      const result = await run("sync");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`p/${id}: conflict: meeting changed on both sides`);
      expect(result.stderr).toContain(
        '  not merged: SUMMARY in VEVENT meeting: a "SUMMARY:Planning Q2", b "SUMMARY:Budget"\n',
      );
      expect((await server.get(`${calendar}meeting.ics`))?.body).toContain("SUMMARY:Planning Q2");
      expect(readFileSync(localItem(id), "utf8")).toContain("SUMMARY:Budget");
      expect((await run("status")).stdout).toContain("conflict: meeting");
    });
  },
);
