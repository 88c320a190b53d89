/** A WebCal feed (served by a real nginx) synchronised into a vdir through the CLI. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { Workspace } from "../support/workspace.js";

const demo = readFileSync(
  fileURLToPath(new URL("../../examples/demo/calendar.ics", import.meta.url)),
  "utf8",
);

let feeds: FeedServer;
let ws: Workspace;
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(() => feeds?.stop());
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

function configure(feed: string, extra = ""): void {
  ws.config(`[storage.feed]
type = "webcal"
url = "${feeds.url.replace(/^http:/, "webcal:")}${feed}"

[storage.local]
type = "vdir"
path = "${ws.path("local")}"
fileext = ".ics"

[pair.p]
a = "feed"
b = "local"
collections = "from a"
${extra}`);
}

const files = (folder: string) =>
  Object.fromEntries(
    readdirSync(folder)
      .filter((name) => name.endsWith(".ics"))
      .map((name) => [name, readFileSync(join(folder, name), "utf8")]),
  );

describe("webcal -> vdir", () => {
  it("splits the feed by UID, fetches it again only when it changed, and keeps hrefs stable", async () => {
    feeds.publish("holidays.ics", demo);
    configure("holidays.ics");
    const first = await ws.run("sync");
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("p/holidays: collection created in b, created 3 in b\n");
    const local = ws.path("local", "holidays");
    const before = files(local);
    const dentist = Object.values(before).find((text) => text.includes("UID:dentist")) as string;
    expect(dentist).not.toContain("VTIMEZONE");
    const standup = Object.values(before).find((text) => text.includes("UID:standup")) as string;
    expect(standup).toContain("TZID:Europe/Berlin");

    // Unchanged: one conditional request, answered 304.
    const seen = feeds.requests().length;
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(feeds.requests().slice(seen)).toEqual(["GET /holidays.ics 304"]);

    // Changed: the new version arrives; untouched items keep their file.
    feeds.publish("holidays.ics", demo.replace("SUMMARY:Dentist", "SUMMARY:Dentist (moved)"));
    const changed = await ws.run("sync");
    expect(changed.stdout).toBe("p/holidays: updated 1 in b\n");
    const after = files(local);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.values(after).some((text) => text.includes("SUMMARY:Dentist (moved)"))).toBe(true);
  });

  it("refuses to write to the feed, and with one_way reverts local edits", async () => {
    feeds.publish("ro.ics", demo);
    configure("ro.ics");
    await ws.run("sync");
    const local = ws.path("local", "ro");
    const [name, text] = Object.entries(files(local)).find(([, t]) => t.includes("UID:tax")) as [
      string,
      string,
    ];
    writeFileSync(join(local, name), text.replace("SUMMARY:File the tax return", "SUMMARY:Done"));
    const refused = await ws.run("sync");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `p/ro: refused in a: ${join(local, name)} "Done" (a is read-only; not applied: update (changed in b))\n`,
    );
    // Said once: until something changes, later syncs have nothing new to report.
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });

    configure("ro.ics", "one_way = true");
    const reverted = await ws.run("sync");
    expect(reverted.code).toBe(0);
    expect(readFileSync(join(local, name), "utf8")).toContain("SUMMARY:File the tax return");
  });
});
