/**
 * What a sync between a real Radicale and a vdir says: a dry run plans the property changes the
 * sync then makes, and an item the server refuses is named where the user can find it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DavServer, startServer } from "../support/servers/index.js";
import { event, Workspace } from "../support/workspace.js";

let server: DavServer;
let ws: Workspace;
beforeAll(async () => {
  server = await startServer("radicale");
});
afterAll(() => server?.stop());
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

interface JsonCollection {
  name: string;
  planned: unknown[];
  applied: unknown[];
}

async function syncJson(...args: string[]): Promise<JsonCollection[]> {
  const result = await ws.run("sync", "--json", ...args);
  return (JSON.parse(result.stdout) as { pairs: { collections: JsonCollection[] }[] }).pairs.flatMap(
    (pair) => pair.collections,
  );
}

describe("radicale <-> vdir", () => {
  it("a display name changed on the server is in the dry run's plan, and the sync does just that", async () => {
    const calendar = await server.makeCalendar("renamed");
    await server.put(`${calendar}one.ics`, event("one", "First"));
    ws.davPair({
      type: "caldav",
      server,
      collections: '["renamed"]',
      pairExtra: 'metadata = ["displayname"]',
    });
    expect((await ws.run("sync")).code).toBe(0);
    await server.rename(calendar, "Renamed on the server");

    const printed = await ws.run("sync", "--dry-run");
    expect(printed.stdout).toBe(
      'p/renamed: would do:\n  set displayname in b: "Renamed on the server" (changed in a)\n',
    );
    const [planned] = await syncJson("--dry-run");
    const [done] = await syncJson();
    expect(planned?.planned).toEqual([
      expect.objectContaining({ kind: "set-property", side: "b", name: "displayname" }),
    ]);
    expect(done?.applied).toEqual(planned?.planned);
    expect(ws.read("local/renamed/displayname")).toBe("Renamed on the server");
    expect((await ws.run("sync", "--dry-run")).stdout).toBe("p/renamed: nothing to do\n");
  });

  it("an item the server refuses is named by its file in the vdir", async () => {
    await server.makeCalendar("junk");
    ws.davPair({ type: "caldav", server, collections: '["junk"]' });
    ws.write("local/junk/good.ics", event("good", "Fine"));
    ws.write("local/junk/garbage.ics", "this is not a calendar\n");
    const result = await ws.run("sync");
    expect(result.code).toBe(1);
    const failed = result.stderr.split("\n").filter((line) => line.includes("failed"));
    expect(failed).toEqual([
      expect.stringContaining(`create in a: ${ws.path("local/junk/garbage.ics")} (new in b): PUT `),
    ]);
    expect(failed[0]).toMatch(/: 400 /);
  });
});
