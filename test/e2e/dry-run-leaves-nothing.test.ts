/** `sync --dry-run` changes nothing anywhere: no status folder or database, no lock, no collection. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { event, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
  ws.vdirPair();
  ws.write("a/work/one.ics", event("one@x", "One"));
});
afterEach(() => ws.dispose());

/** Every file and folder below the workspace, with each file's content. */
function snapshot(): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const key = relative(ws.enclosure, path);
      if (statSync(path).isDirectory()) {
        entries[`${key}/`] = "";
        walk(path);
      } else entries[key] = readFileSync(path, "latin1");
    }
  };
  walk(ws.enclosure);
  return entries;
}

it("on a fresh config, creates neither the status folder nor the collections it plans", async () => {
  const before = snapshot();
  const result = await ws.run("sync", "--dry-run");
  expect(result).toMatchObject({ code: 0, stderr: "" });
  expect(result.stdout).toContain("create in b: one@x");
  expect(snapshot()).toEqual(before);
  expect(ws.list("")).toEqual(["a", "config.toml"]);
});

it("after a sync, leaves the status database, its folder and both sides as they were", async () => {
  expect((await ws.run("sync")).code).toBe(0);
  ws.write("a/work/two.ics", event("two@x", "Two"));
  ws.write("a/home/three.ics", event("three@x", "Three"));
  const before = snapshot();
  const result = await ws.run("sync", "--dry-run");
  expect(result).toMatchObject({ code: 0, stderr: "" });
  expect(result.stdout).toContain("create in b: two@x");
  expect(result.stdout).toContain("create in b: three@x");
  expect(snapshot()).toEqual(before);
  expect(ws.list("status")).toEqual(["p.sqlite"]);
});
