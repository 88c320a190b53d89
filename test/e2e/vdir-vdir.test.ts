/** Two vdirs kept in agreement through the real CLI. */
import { readdirSync, rmSync, unlinkSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

function pairConfig(extra = ""): void {
  ws.vdirPair(extra);
}

/** Syncs item "one", then edits it differently on both sides. */
async function conflictOnOne(): Promise<void> {
  ws.write("a/cal/one.ics", event("one", "v1"));
  await ws.run("sync");
  ws.write("a/cal/one.ics", event("one", "edited in a"));
  ws.write("b/cal/one.ics", event("one", "edited in b"));
}

/** UID → SUMMARY of every item in one collection of side `side`. */
function summaries(side: string, collection = "cal"): Record<string, string> {
  return itemSummaries(ws.path(side, collection));
}

describe("vdir <-> vdir through the CLI", () => {
  it("copies both ways, creating the missing collection, and is quiet when nothing changed", async () => {
    pairConfig();
    ws.write("a/cal/one.ics", event("one", "from a"));
    ws.write("a/cal/displayname", "Calendar\n");
    ws.write("b/cal/two.ics", event("two", "from b"));
    ws.write("b/work/three.ics", event("three", "work"));
    const first = await ws.run("sync");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      "p/cal: created 1 in a, created 1 in b\np/work: collection created in a, created 1 in a\n",
    );
    expect(summaries("a")).toEqual({ one: "from a", two: "from b" });
    expect(summaries("b")).toEqual(summaries("a"));
    expect(summaries("a", "work")).toEqual({ three: "work" });

    const second = await ws.run("sync");
    expect(second).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("carries edits and deletions both ways", async () => {
    pairConfig();
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("a/cal/two.ics", event("two", "v1"));
    await ws.run("sync");
    ws.write("b/cal/one.ics", event("one", "v2 from b"));
    ws.write("a/cal/three.ics", event("three", "new"));
    unlinkSync(ws.path("b/cal/two.ics"));
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(summaries("a")).toEqual({ one: "v2 from b", three: "new" });
    expect(summaries("b")).toEqual(summaries("a"));
  });

  it("reports a conflict and leaves both versions untouched by default", async () => {
    pairConfig();
    await conflictOnOne();
    const result = await ws.run("sync");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'p/cal: conflict: one changed on both sides (a one.ics, b one.ics); run "concord resolve"',
    );
    expect(summaries("a")).toEqual({ one: "edited in a" });
    expect(summaries("b")).toEqual({ one: "edited in b" });
    const status = await ws.run("status");
    expect(status.stdout).toContain("conflict: one (a one.ics, b one.ics)");
  });

  it.each([
    ['"keep a"', "edited in a"],
    ['"keep b"', "edited in b"],
  ])("conflict_resolution = %s decides conflicts", async (policy, winner) => {
    pairConfig(`conflict_resolution = ${policy}`);
    await conflictOnOne();
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(summaries("a")).toEqual({ one: winner });
    expect(summaries("b")).toEqual({ one: winner });
  });

  it("conflict_resolution = { cmd } merges through the command", async () => {
    const merge = `const fs=require("fs");const [a,b]=process.argv.slice(1);const t=fs.readFileSync(a,"utf8").replace(/SUMMARY:.*/,"SUMMARY:merged");fs.writeFileSync(a,t);fs.writeFileSync(b,t)`;
    pairConfig(
      `conflict_resolution = { cmd = [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(merge)}] }`,
    );
    await conflictOnOne();
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(summaries("a")).toEqual({ one: "merged" });
    expect(summaries("b")).toEqual({ one: "merged" });
  });

  it('conflict_resolution = "ask" without a terminal reports the conflict', async () => {
    pairConfig('conflict_resolution = "ask"');
    await conflictOnOne();
    const result = await ws.run("sync");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("conflict: one changed on both sides");
  });

  it("concord resolve settles a pending conflict with the chosen side", async () => {
    pairConfig();
    await conflictOnOne();
    await ws.run("sync");
    const resolved = await ws.runWithInput("b\n", "resolve");
    expect(resolved.stdout).toContain("1 resolved, 0 left pending");
    expect(resolved.code).toBe(0);
    expect(summaries("a")).toEqual({ one: "edited in b" });
    const after = await ws.run("sync");
    expect(after).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("on_empty: a wiped side is not carried across unless on_empty = sync", async () => {
    pairConfig();
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("a/cal/two.ics", event("two", "v1"));
    await ws.run("sync");
    unlinkSync(ws.path("a/cal/one.ics"));
    unlinkSync(ws.path("a/cal/two.ics"));
    const refused = await ws.run("sync");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "p/cal: side a is empty but held items at the last sync; nothing was deleted on the other side.",
    );
    expect(Object.keys(summaries("b"))).toEqual(["one", "two"]);
    pairConfig('on_empty = "sync"');
    const allowed = await ws.run("sync");
    expect(allowed.code).toBe(0);
    expect(summaries("b")).toEqual({});
  });

  it("a deleted collection is not created again; with on_empty = sync its counterpart is deleted too", async () => {
    pairConfig();
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("a/cal/displayname", "Cal\n");
    await ws.run("sync");
    rmSync(ws.path("a/cal"), { recursive: true });
    const refused = await ws.run("sync");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("p/cal: side a is empty but held items at the last sync");
    expect(ws.list("a")).toEqual([]);
    pairConfig('on_empty = "sync"');
    const deleted = await ws.run("sync");
    expect(deleted).toEqual({
      code: 0,
      stdout: "p/cal: deleted 1 in b, collection deleted in b\n",
      stderr: "",
    });
    expect(ws.list("b")).toEqual([]);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it('collections = "from a": a collection deleted on a is deleted on b too, not forgotten', async () => {
    ws.config(
      ws.vdirPairTables("p", "a", "b").replace('collections = "all"', 'collections = "from a"') +
        'on_empty = "sync"\n',
    );
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("a/work/two.ics", event("two", "v1"));
    await ws.run("sync");
    expect(ws.list("b")).toEqual(["cal", "work"]);
    rmSync(ws.path("a/cal"), { recursive: true });
    expect(await ws.run("sync")).toEqual({
      code: 0,
      stdout: "p/cal: deleted 1 in b, collection deleted in b\n",
      stderr: "",
    });
    expect(ws.list("b")).toEqual(["work"]);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("one_way makes b a copy of a", async () => {
    pairConfig("one_way = true");
    ws.write("a/cal/one.ics", event("one", "from a"));
    ws.write("b/cal/stray.ics", event("stray", "only in b"));
    await ws.run("sync");
    ws.write("b/cal/one.ics", event("one", "edited in b"));
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(summaries("b")).toEqual({ one: "from a" });
    expect(summaries("a")).toEqual({ one: "from a" });
  });

  it("--dry-run prints the plan and writes nothing, not even the status", async () => {
    pairConfig();
    ws.write("a/cal/one.ics", event("one", "from a"));
    const result = await ws.run("sync", "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "p/cal: would do:\n  create collection cal in b (new in a)\n  create in b: one (new in a)\n",
    );
    expect(ws.list("b")).toEqual([]);
    expect(ws.list("status")).toEqual([]);
  });

  it("synchronises invalid iCalendar byte for byte", async () => {
    pairConfig();
    const broken =
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:broken\nSUMMARY;BAD="unclosed:oops\n weird fold\r\nDTSTART:notadate\n\u0001\u00ff junk line without colon\n';
    ws.write("a/cal/broken.ics", broken);
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    const [copied] = ws.list("b/cal");
    expect(ws.read(`b/cal/${copied}`)).toBe(broken);
  });

  it("keeps hostile UIDs inside the folder", async () => {
    pairConfig();
    const hostile = ["../../escape", "/etc/passwd", "a\u0001b\u007fc", "..", "con\\back", "x".repeat(400)];
    hostile.forEach((uid, n) => ws.write(`a/cal/h${n}.ics`, event(uid, `hostile ${n}`)));
    const result = await ws.run("sync");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const names = readdirSync(ws.path("b/cal"));
    expect(names.filter((name) => name.endsWith(".ics"))).toHaveLength(hostile.length);
    for (const name of names) {
      // eslint-disable-next-line no-control-regex -- control characters are what must not appear
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u007f]/);
      expect(name.startsWith(".")).toBe(false);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    }
    // Nothing was written beside the workspace's own folders.
    expect(ws.list("").sort()).toEqual(["a", "b", "config.toml", "status"]);
    expect(readdirSync(ws.enclosure)).toEqual(["workspace"]);
  });
});

describe("the other commands", () => {
  it("check, discover and status describe the setup", async () => {
    pairConfig();
    ws.write("a/cal/one.ics", event("one", "x"));
    const check = await ws.run("check");
    expect(check.code).toBe(0);
    expect(check.stdout).toBe(
      `${ws.path("config.toml")}: valid, 2 storages, 1 pair\na (vdir): ok, 1 collection\nb (vdir): ok, 0 collections\n`,
    );
    const discover = await ws.run("discover");
    expect(discover.stdout).toBe(
      `p (a = a, b = b)\n  cal: a ${ws.path("a/cal")} <-> b (missing: created on sync)\n`,
    );
    expect((await ws.run("status")).stdout).toBe("p: never synchronised\n");
    await ws.run("sync");
    const status = await ws.run("status", "--json");
    const parsed = JSON.parse(status.stdout) as {
      pair: string;
      collections: { name: string; items: number }[];
    }[];
    expect(parsed[0]?.collections.map((c) => [c.name, c.items])).toEqual([["cal", 1]]);
  });

  it("a config error exits 2 and names the file and key", async () => {
    pairConfig('conflict_resolution = "keep c"');
    const result = await ws.run("sync");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${ws.path("config.toml")}`);
    expect(result.stderr).toContain("pair.p.conflict_resolution");
    expect(result.stderr).toContain('did you mean "keep a"');
  });

  it("an unknown pair is a usage error", async () => {
    pairConfig();
    const result = await ws.run("sync", "nope");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no pair named nope (pairs: p)");
  });
});
