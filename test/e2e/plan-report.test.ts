/**
 * What a sync says through the CLI: the plan a dry run prints is what the sync that follows
 * does, collections and properties included; conflicts settled by a command, refusals of a
 * read-only side and collections gone from both sides are reported as such.
 */
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

interface JsonReport {
  pairs: {
    pair: string;
    collections: {
      name: string;
      planned: { kind: string }[];
      applied: { kind: string }[];
      resolved?: unknown[];
    }[];
  }[];
}

/** `sync --json` with `args`, parsed, per collection name. */
async function syncJson(...args: string[]): Promise<Map<string, JsonReport["pairs"][0]["collections"][0]>> {
  const result = await ws.run("sync", "--json", ...args);
  const parsed = JSON.parse(result.stdout) as JsonReport;
  return new Map(parsed.pairs.flatMap((pair) => pair.collections.map((c) => [c.name, c])));
}

describe("--dry-run", () => {
  it("plans exactly what the sync that follows does, collections and properties included", async () => {
    ws.vdirPair('metadata = ["displayname", "color"]');
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("a/cal/displayname", "Calendar");
    ws.write("a/cal/color", "#ff0000");
    expect((await ws.run("sync")).code).toBe(0);

    // The colour changes in the vdir a, a collection appears in a, an item in b.
    ws.write("a/cal/color", "#00ff00");
    ws.write("a/work/w.ics", event("w", "work item"));
    ws.write("a/work/displayname", "Work");
    ws.write("b/cal/two.ics", event("two", "from b"));

    const printed = await ws.run("sync", "--dry-run");
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(
      [
        "p/cal: would do:",
        "  create in a: two (new in b)",
        '  set color in b: "#00ff00" (changed in a)',
        "p/work: would do:",
        "  create collection work in b (new in a)",
        "  create in b: w (new in a)",
        "",
      ].join("\n"),
    );
    expect(ws.list("b")).toEqual(["cal"]);

    const planned = await syncJson("--dry-run");
    const done = await syncJson("-v");
    expect([...done.keys()]).toEqual([...planned.keys()]);
    for (const [name, report] of planned) {
      expect(done.get(name)?.applied, name).toEqual(report.planned);
    }
    expect(planned.get("work")?.planned).toContainEqual(
      expect.objectContaining({ kind: "create-collection", side: "b", id: "work" }),
    );
    expect(planned.get("cal")?.planned).toContainEqual(
      expect.objectContaining({ kind: "set-property", side: "b", name: "color", value: "#00ff00" }),
    );
    expect(ws.read("b/cal/color")).toBe("#00ff00");
    expect(ws.read("b/work/displayname")).toBe("Work");
    expect(itemSummaries(ws.path("b/work"))).toEqual({ w: "work item" });
    expect((await ws.run("sync", "--dry-run")).stdout).toBe("p/cal: nothing to do\np/work: nothing to do\n");
  });

  it("-v explains each collection and property change as the sync makes it", async () => {
    ws.vdirPair('metadata = ["displayname"]');
    ws.write("a/cal/one.ics", event("one", "v1"));
    await ws.run("sync");
    ws.write("b/cal/displayname", "Renamed in b");
    ws.write("a/new/n.ics", event("n", "new"));
    const result = await ws.run("sync", "-v");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('p/cal: set displayname in a: "Renamed in b" (changed in b)');
    expect(result.stderr).toContain("p/new: create collection new in b (new in a)");
    expect(result.stdout).toBe("p/cal: 1 property set\np/new: collection created in b, created 1 in b\n");
  });

  it("plans the deletion of a collection whose counterpart was deleted, and the sync does it", async () => {
    ws.vdirPair('on_empty = "sync"');
    ws.write("a/cal/one.ics", event("one", "v1"));
    await ws.run("sync");
    rmSync(ws.path("a/cal"), { recursive: true });
    const printed = await ws.run("sync", "--dry-run");
    expect(printed.stdout).toBe(
      "p/cal: would do:\n  delete in b: one (deleted in a)\n  delete collection cal in b (deleted in a)\n",
    );
    const planned = await syncJson("--dry-run");
    const done = await syncJson();
    expect(done.get("cal")?.applied).toEqual(planned.get("cal")?.planned);
    expect(ws.list("b")).toEqual([]);
  });
});

describe("conflict_resolution = { cmd = [...] }", () => {
  it("reports each conflict it settled: what, by which command, which sides were rewritten", async () => {
    const merge = 'sed -i "s/^SUMMARY:.*/SUMMARY:merged/" "$1" && cp "$1" "$2"';
    ws.vdirPair(`conflict_resolution = { cmd = ["sh", "-c", ${JSON.stringify(merge)}, "merge"] }`);
    ws.write("a/cal/one.ics", event("one", "v1"));
    await ws.run("sync");
    ws.write("a/cal/one.ics", event("one", "edited in a"));
    ws.write("b/cal/one.ics", event("one", "edited in b"));

    const result = await ws.run("sync", "-v");
    expect(result.code).toBe(0);
    expect(itemSummaries(ws.path("a/cal"))).toEqual({ one: "merged" });
    expect(itemSummaries(ws.path("b/cal"))).toEqual({ one: "merged" });
    const by = `command sh -c '${merge}' merge`;
    expect(result.stdout).toBe(
      `p/cal: 1 conflict resolved\np/cal: conflict one resolved: merged by ${by}; rewritten in a and b\n`,
    );
    expect(result.stderr).toContain(`p/cal: conflict one resolved: merged by ${by}; rewritten in a and b`);
    expect(result.stderr).not.toMatch(/^p\/cal: conflict: one/m);

    const status = await ws.run("status");
    expect(status.stdout).toMatch(/cal: 1 item, last sync .* \(resolved 1\)/);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("a collection gone from both sides", () => {
  it("leaves concord status", async () => {
    ws.vdirPair();
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("a/keep/k.ics", event("k", "kept"));
    await ws.run("sync");
    expect((await ws.run("status")).stdout).toContain("  cal: 1 item");
    rmSync(ws.path("a/cal"), { recursive: true });
    rmSync(ws.path("b/cal"), { recursive: true });
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    const status = await ws.run("status");
    expect(status.stdout).not.toContain("cal:");
    expect(status.stdout).toContain("  keep: 1 item");
  });
});

describe("a read-only side", () => {
  it("refuses each change once, and later syncs with nothing new exit 0", async () => {
    ws.config(`${ws.vdirPairTables("p", "a", "b")}`.replace(/(\[storage\.b\][^[]*)/, "$1read_only = true\n"));
    ws.write("a/cal/one.ics", event("one", "v1"));
    ws.write("b/cal/one.ics", event("one", "v1"));
    expect((await ws.run("sync")).code).toBe(0);
    ws.write("a/cal/one.ics", event("one", "edited in a"));

    const first = await ws.run("sync", "-v");
    expect(first.code).toBe(1);
    const lines = first.stderr.split("\n").filter((line) => line.includes("one"));
    expect(lines).toEqual([
      `p/cal: refused in b: ${ws.path("a/cal/one.ics")} "edited in a" (b is read-only; not applied: update (changed in a))`,
    ]);

    const again = await ws.run("sync");
    expect(again).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await ws.run("sync", "-v")).stderr).toContain(
      `p/cal: still refused in b: ${ws.path("a/cal/one.ics")} "edited in a"`,
    );
    expect((await ws.run("status")).stdout).toMatch(/cal: 1 item, .*\(refused 1\)/);

    // Something new: the item changes again, and is reported again.
    ws.write("a/cal/one.ics", event("one", "edited again"));
    const changed = await ws.run("sync");
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('"edited again" (b is read-only; not applied: update (changed in a))');
  });
});
