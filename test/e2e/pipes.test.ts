/**
 * Output read by a program that stops reading early (`concord status | head -1`): concord ends
 * quietly with 141 (128 + SIGPIPE, as `git log | head` does), never in the middle of a write.
 * Each output is larger than a pipe holds (64 KiB), so the reader is gone before concord is done.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
  ws.vdirPair();
});
afterEach(() => ws.dispose());

/** UIDs of 2,000 characters: every line naming one is long. */
const longUid = (n: number) => `${n}-${"x".repeat(2_000)}`;

/** 60 events with long UIDs in a/cal. */
function manyLongItems(summary = "v1"): void {
  for (let n = 0; n < 60; n++) ws.write(`a/cal/${n}.ics`, event(longUid(n), summary));
}

describe("a reader that goes away early", () => {
  it("status | head -1 ends quietly", async () => {
    manyLongItems();
    await ws.run("sync");
    manyLongItems("edited in a");
    for (const name of ws.list("b/cal").filter((file) => file.endsWith(".ics")))
      ws.write(`b/cal/${name}`, ws.read(`b/cal/${name}`).replace("SUMMARY:v1", "SUMMARY:edited in b"));
    expect((await ws.run("sync")).code).toBe(1);
    expect((await ws.run("status")).stdout.length).toBeGreaterThan(100_000);

    const result = await ws.runPiped("| head -1", "status");
    expect(result).toEqual({ code: 141, stdout: "p:\n", stderr: "" });
  });

  it("discover | head -1 ends quietly", async () => {
    for (let n = 0; n < 250; n++) ws.write(`a/${"collection-".repeat(20)}${n}/displayname`, "x\n");
    const result = await ws.runPiped("| head -1", "discover");
    expect(result).toEqual({ code: 141, stdout: "p (a = a, b = b)\n", stderr: "" });
  });

  it("sync --dry-run | head -1 ends quietly", async () => {
    manyLongItems();
    const result = await ws.runPiped("| head -1", "sync", "--dry-run");
    expect(result).toMatchObject({ code: 141, stderr: "" });
    expect(result.stdout).toMatch(/^p\/cal: [^\n]*\n$/);
    expect(ws.list("b")).toEqual([]);
  });

  it("sync -v 2>&1 | head -1 stops after the items in flight; the next sync does the rest", async () => {
    manyLongItems();
    const stopped = await ws.runPiped("2>&1 | head -1", "sync", "-v");
    expect(stopped.code).toBe(141);
    expect(stopped.stdout).toMatch(/^p\/cal: [^\n]*\n$/);

    const rest = await ws.run("sync");
    expect(rest.stderr).toBe("");
    expect(rest.code).toBe(0);
    // The first run stopped early: the second had items left to copy.
    expect(rest.stdout).toMatch(/^p\/cal: created \d+ in b\n$/);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(itemSummaries(ws.path("b/cal"))).toEqual(itemSummaries(ws.path("a/cal")));
    expect(ws.list("b/cal").filter((name) => name.endsWith(".ics"))).toHaveLength(60);
  });
});
