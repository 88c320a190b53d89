/**
 * A side emptied since the last sync stops its collection (on_empty = "skip"), and the message
 * says both ways on; each is followed here as written, the shell command included.
 */
import { execFileSync } from "node:child_process";
import { unlinkSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

const summaries = (folder: string) => itemSummaries(ws.path(folder));

/** A vdir pair whose status folder's path needs quoting in a shell. */
function configure(pairExtra = "") {
  ws.write(
    "config.toml",
    `[general]\nstatus_path = "${ws.path("it's status")}"\n\n${ws.vdirPairTables("p", "a", "b")}${pairExtra}`,
  );
}

/** Syncs two collections into b, then empties b/cal. */
async function emptyAfterSync(folder: string) {
  ws.write("a/cal/one.ics", event("one", "One"));
  ws.write("a/cal/two.ics", event("two", "Two"));
  ws.write("a/home/three.ics", event("three", "Three"));
  expect((await ws.run("sync")).code).toBe(0);
  for (const name of ws.list(folder)) unlinkSync(ws.path(folder, name));
}

describe("side b of p/cal emptied", () => {
  beforeEach(async () => {
    configure();
    await emptyAfterSync("b/cal");
  });

  const advice = () =>
    'p/cal: side b is empty but held items at the last sync; nothing was deleted on the other side. To delete them on side a too, sync once with on_empty = "sync" in [pair.p]. ' +
    `To copy them back to side b instead, remove the pair's status (rm '${ws.path("it'\\''s status", "p.sqlite")}'*) and sync again: concord then forgets what it last saw of pair p and copies to each side what it lacks.\n`;

  it("says how to copy them back, and the command given does it", async () => {
    expect(await ws.run("sync")).toEqual({ code: 1, stdout: "", stderr: advice() });
    const command = /\((rm .*)\) and sync again/.exec(advice())?.[1] as string;
    execFileSync("sh", ["-c", command]);
    expect(ws.list("it's status")).toEqual([]);

    ws.write("b/home/four.ics", event("four", "Four")); // made since the last sync: not lost
    expect(await ws.run("sync")).toEqual({
      code: 0,
      stdout: "p/cal: created 2 in b\np/home: created 1 in a\n",
      stderr: "",
    });
    expect(summaries("b/cal")).toEqual({ one: "One", two: "Two" });
    expect(summaries("a/cal")).toEqual({ one: "One", two: "Two" });
    expect(summaries("a/home")).toEqual({ three: "Three", four: "Four" });
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("says how to let the deletion through, and that does it", async () => {
    expect((await ws.run("sync")).stderr).toBe(advice());
    configure('on_empty = "sync"');
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "p/cal: deleted 2 in a\n", stderr: "" });
    expect(summaries("a/cal")).toEqual({});
  });
});

it("a one-way pair's side a is not offered back: without a status, b would follow the empty a", async () => {
  configure("one_way = true\n");
  await emptyAfterSync("a/cal");
  expect(await ws.run("sync")).toEqual({
    code: 1,
    stdout: "",
    stderr:
      'p/cal: side a is empty but held items at the last sync; nothing was deleted on the other side. To delete them on side b too, sync once with on_empty = "sync" in [pair.p]. ' +
      "Side b follows side a (one_way): concord does not copy them back; restore side a yourself.\n",
  });
});

it("a read-only side is not offered back", async () => {
  ws.write(
    "config.toml",
    `[general]\nstatus_path = "${ws.path("status")}"\n\n${ws.vdirPairTables("p", "a", "b")}`.replace(
      `path = "${ws.path("b")}"`,
      `path = "${ws.path("b")}"\nread_only = true`,
    ),
  );
  ws.write("a/cal/one.ics", event("one", "One"));
  ws.write("b/cal/one.ics", event("one", "One"));
  expect((await ws.run("sync")).code).toBe(0);
  unlinkSync(ws.path("b/cal/one.ics"));
  expect(await ws.run("sync")).toEqual({
    code: 1,
    stdout: "",
    stderr:
      'p/cal: side b is empty but held items at the last sync; nothing was deleted on the other side. To delete them on side a too, sync once with on_empty = "sync" in [pair.p]. ' +
      "Side b is read-only: concord cannot copy them back.\n",
  });
});
