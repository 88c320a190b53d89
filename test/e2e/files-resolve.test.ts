/** `concord resolve` on files changed on both sides: described rather than dumped, kept whole. */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

describe("resolving file conflicts", () => {
  it("describes binary versions by size and keeps the one chosen, on both sides", async () => {
    ws.write("a/photo.jpg", Buffer.from([0xff, 0xd8, 0, 1, 2]));
    expect((await ws.run("sync")).code).toBe(0);
    const fromB = Buffer.concat([Buffer.from([0xff, 0xd8, 0]), Buffer.alloc(2048, 7)]);
    ws.write("a/photo.jpg", Buffer.from([0xff, 0xd8, 0, 9, 9, 9]));
    ws.write("b/photo.jpg", fromB);
    expect((await ws.run("sync")).code).toBe(1);

    const resolved = await ws.runWithInput("b\n", "resolve");
    expect(resolved.stderr).toContain("photo.jpg, 2051 bytes");
    expect(resolved.stderr).not.toContain("[e]dit");
    expect(resolved.code).toBe(0);
    expect(readFileSync(ws.path("a/photo.jpg"))).toEqual(fromB);
    expect(readFileSync(ws.path("b/photo.jpg"))).toEqual(fromB);
    expect((await ws.run("sync")).code).toBe(0);
  });
});
