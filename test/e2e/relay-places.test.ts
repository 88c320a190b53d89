/**
 * Three places that are never online together, one relay folder: they join from copies of one
 * tree without uploading it, and each place's edits, additions, deletions and renames reach the
 * others one run at a time; the relay holds only what some place still lacks.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { clean } from "../support/trees.js";
import { RelayPlaces } from "../support/relay-places.js";

let ws: RelayPlaces;
beforeEach(() => {
  ws = new RelayPlaces(["home", "anna", "grandpa"]);
});
afterEach(() => ws.dispose());

const all = ["home", "anna", "grandpa"];

/** Sets up the relay from home's tree, copied to the others, and has every place join. */
async function joined(): Promise<void> {
  ws.write("home/photos/2019/beach.jpg", "beach\n");
  ws.write("home/letters/aunt.txt", "dear aunt\n");
  ws.write("home/notes.md", "notes\n");
  ws.cloneTree("home");
  clean(await ws.at("home", "relay", "init", "relay", "--places", all.join(",")));
  for (const place of all) clean(await ws.at(place, "sync"));
}

it("places join from copies of one tree without uploading any content", async () => {
  await joined();
  expect(ws.pending()).toEqual([]);
  for (const place of all) expect(ws.tree(place)).toEqual(ws.tree("home"));
  // Nothing to do afterwards, anywhere.
  for (const place of all) expect(await ws.at(place, "sync")).toEqual({ code: 0, stdout: "", stderr: "" });
});

it("edits, additions, deletions and renames reach the others, and the relay empties once all have them", async () => {
  await joined();
  ws.write("home/notes.md", "notes, edited\n");
  ws.write("home/letters/uncle.txt", "dear uncle\n");
  ws.remove("home/letters/aunt.txt");
  ws.rename("home/photos/2019/beach.jpg", "home/photos/2019/sea.jpg");
  clean(await ws.at("home", "sync"));
  expect(ws.pending().length).toBeGreaterThan(0);

  clean(await ws.at("anna", "sync"));
  expect(ws.tree("anna")).toEqual(ws.tree("home"));
  expect(ws.pending().length).toBeGreaterThan(0); // grandpa has not had them yet
  clean(await ws.at("grandpa", "sync"));
  expect(ws.tree("grandpa")).toEqual(ws.tree("home"));
  expect(ws.pending()).toEqual([]);
  for (const place of all) expect(await ws.at(place, "sync")).toEqual({ code: 0, stdout: "", stderr: "" });
});
