/**
 * A place's run killed (SIGKILL) while it uploads its change set, or while it applies another's:
 * nothing half-made is visible to the others, nothing half-applied is left, and the next run
 * continues where the killed one stopped: the parts of a large file uploaded already stay.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { RelayPlaces } from "../support/relay-places.js";
import { clean, killDuringCopy, sha256, sparseFile } from "../support/trees.js";

let ws: RelayPlaces;
beforeEach(async () => {
  ws = new RelayPlaces(["home", "anna", "grandpa"]);
  ws.write("home/notes.md", "notes\n");
  ws.cloneTree("home");
  clean(await ws.at("home", "relay", "init", "relay", "--places", "home,anna,grandpa"));
  for (const place of ws.places) clean(await ws.at(place, "sync"));
});
afterEach(() => ws.dispose());

const mib = 1024 * 1024;

/** Kills a run once the relay's blob folder `folder` holds a part numbered `part` whole. */
async function killDuringUpload(run: ReturnType<RelayPlaces["startAt"]>, folder: string, part: number) {
  const { child, done } = run;
  let ended = false;
  void done.then(() => (ended = true));
  for (;;) {
    if (safeList(folder).some((name) => name.endsWith(`.${part}`))) {
      child.kill("SIGKILL");
      expect((await done).code).toBeNull();
      return;
    }
    if (ended) throw new Error(`the run ended before ${folder} held part ${part} of a blob`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const safeList = (folder: string): string[] => {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
};

it("killed while uploading: no other place sees a change set, and the next run publishes it whole, sending only the parts missing", async () => {
  ws.write("home/a-small.txt", "small\n");
  sparseFile(ws.path("home/video.mkv"), 96 * mib, { 0: "header", [96 * mib - 8]: "trailer!" });
  const folder = ws.path("relay/blobs/home.1");
  await killDuringUpload(ws.startAt("home", "sync"), folder, 2);
  expect(ws.pending().filter((key) => key.startsWith("sets/"))).toEqual([]);
  expect(await ws.at("anna", "sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  expect(Object.keys(ws.tree("anna"))).toEqual(["notes.md"]);
  const uploaded = new Map(
    safeList(folder)
      .filter((name) => !name.startsWith(".concord-relay-"))
      .map((name) => [name, statSync(join(folder, name)).ino]),
  );

  clean(await ws.at("home", "sync"));
  const parts = safeList(folder).filter((name) => name.includes(".")); // the video's parts 2 to 12
  expect(parts.length).toBe(11);
  for (const [name, inode] of uploaded) expect(statSync(join(folder, name)).ino).toBe(inode);
  clean(await ws.at("anna", "sync"));
  expect(await sha256(ws.path("anna/video.mkv"))).toBe(await sha256(ws.path("home/video.mkv")));
  expect(ws.read("anna/a-small.txt")).toBe("small\n");
  clean(await ws.at("grandpa", "sync"));
  expect(ws.pending()).toEqual([]);
}, 120_000);

it("killed while applying: the file is absent or whole, the change set stays, and the next run completes it", async () => {
  sparseFile(ws.path("home/video.mkv"), 96 * mib, { 0: "header", [96 * mib - 8]: "trailer!" });
  clean(await ws.at("home", "sync"));
  await killDuringCopy(ws.startAt("anna", "sync"), ws.path("anna"), 4 * mib);
  if (ws.list("anna").includes("video.mkv")) {
    expect(await sha256(ws.path("anna/video.mkv"))).toBe(await sha256(ws.path("home/video.mkv")));
  }
  clean(await ws.at("grandpa", "sync"));
  expect(ws.pending().filter((key) => key.startsWith("sets/"))).toEqual(["sets/home.1"]); // anna lacks it

  clean(await ws.at("anna", "sync"));
  expect(await sha256(ws.path("anna/video.mkv"))).toBe(await sha256(ws.path("home/video.mkv")));
  expect(ws.pending()).toEqual([]);
  for (const place of ws.places)
    expect(await ws.at(place, "sync")).toEqual({ code: 0, stdout: "", stderr: "" });
}, 120_000);
