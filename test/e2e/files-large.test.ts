/** A 1 GiB file crosses whole, in bounded memory. */
import { statSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { sha256, sparseFile, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

const gib = 1024 * 1024 * 1024;

it("a 1 GiB file crosses with its content intact, the process staying under 250 MB", async () => {
  sparseFile(ws.path("a/disk.img"), gib, {
    0: "start of the image",
    123_456_789: "somewhere in the middle",
    [gib / 2 + 4095]: "across a page boundary",
    [gib - 3]: "end",
  });
  ws.write("a/small.txt", "small\n");

  // GNU time prints the peak resident set size in kB as the last line of stderr.
  const { done } = ws.start(["sync"], ["/usr/bin/time", "-f", "%M"]);
  const result = await done;
  const lines = result.stderr.trim().split("\n");
  expect({ code: result.code, stdout: result.stdout, stderr: lines.slice(0, -1) }).toEqual({
    code: 0,
    stdout: "p/root: created 2 in b\n",
    stderr: [],
  });
  const peakKiB = Number(lines.at(-1));
  expect(peakKiB).toBeGreaterThan(10_000); // the number is concord's, not time's own
  expect(peakKiB).toBeLessThan(250_000);

  expect(statSync(ws.path("b/disk.img")).size).toBe(gib);
  expect(await sha256(ws.path("b/disk.img"))).toBe(await sha256(ws.path("a/disk.img")));
  expect(ws.read("b/small.txt")).toBe("small\n");
}, 120_000);
