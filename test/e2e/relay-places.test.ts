/**
 * Three places that are never online together, one relay, in a folder, on WebDAV and in S3: they
 * join from copies of one tree without uploading it, and each place's edits, additions, deletions
 * and renames reach the others one run at a time; the relay holds only what some place still
 * lacks, and no credential shows in what concord prints or keeps. What needs a hand in the relay
 * itself (crossed uploads, a damaged content, an unplugged stick) is tested on a folder.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clean } from "../support/trees.js";
import { RelayPlaces } from "../support/relay-places.js";
import { describeRelayStores } from "../support/relay/stores.js";

let ws: RelayPlaces;
afterEach(() => ws.dispose());

const all = ["home", "anna", "grandpa"];
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Sets up the relay from home's tree, copied to the others, and has every place join. */
async function joined(): Promise<void> {
  ws.write("home/photos/2019/beach.jpg", "beach\n");
  ws.write("home/letters/aunt.txt", "dear aunt\n");
  ws.write("home/notes.md", "notes\n");
  ws.cloneTree("home");
  clean(await ws.at("home", "relay", "init", "relay", "--places", all.join(",")));
  for (const place of all) clean(await ws.at(place, "sync"));
}

describeRelayStores("three places", (_kind, store) => {
  beforeEach(() => {
    ws = new RelayPlaces(all, { store: store() });
  });

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

  it("several change sets outstanding for a place are applied in order", async () => {
    await joined();
    ws.write("home/notes.md", "first\n");
    clean(await ws.at("home", "sync"));
    ws.write("home/notes.md", "second\n");
    ws.rename("home/letters/aunt.txt", "home/letters/aunt-2019.txt");
    clean(await ws.at("home", "sync"));
    mkdirSync(ws.path("home/letters/old"));
    ws.rename("home/letters/aunt-2019.txt", "home/letters/old/aunt.txt");
    ws.write("home/notes.md", "third\n");
    clean(await ws.at("home", "sync"));
    clean(await ws.at("anna", "sync"));
    ws.write("anna/notes.md", "fourth, from anna\n");
    clean(await ws.at("anna", "sync"));
    expect(ws.pending().filter((key) => key.startsWith("sets/"))).toEqual([
      "sets/anna.1",
      "sets/home.1",
      "sets/home.2",
      "sets/home.3",
    ]);

    clean(await ws.at("grandpa", "sync"));
    expect(ws.read("grandpa/notes.md")).toBe("fourth, from anna\n");
    expect(ws.tree("grandpa")).toEqual(ws.tree("anna"));
    clean(await ws.at("home", "sync"));
    expect(ws.tree("home")).toEqual(ws.tree("anna"));
    expect(ws.pending()).toEqual([]);
  });

  it("an edit made without knowing of another's is kept beside it, at every place", async () => {
    await joined();
    ws.write("home/notes.md", "home's notes\n");
    ws.write("anna/notes.md", "anna's notes\n");
    clean(await ws.at("home", "sync"));
    // Anna's run hears of home's edit after her own: both are kept, at her place first.
    clean(await ws.at("anna", "sync"));
    clean(await ws.at("home", "sync"));
    clean(await ws.at("grandpa", "sync"));
    const tree = ws.tree("anna");
    expect(Object.values(tree).sort()).toEqual(
      expect.arrayContaining(["644 anna's notes\n", "644 home's notes\n"]),
    );
    expect(Object.keys(tree).filter((path) => path.includes(".conflict-"))).toHaveLength(1);
    expect(ws.tree("home")).toEqual(tree);
    expect(ws.tree("grandpa")).toEqual(tree);
  });

  it("relay status tells what waits for whom; a removed place frees what only it waited for", async () => {
    await joined();
    ws.write("home/notes.md", "edited\n");
    clean(await ws.at("home", "sync"));
    clean(await ws.at("anna", "sync"));
    const status = clean(await ws.at("home", "relay", "status", "relay"));
    expect(status.stdout).toMatch(/change set home\.1 .*1 change, .*waits for grandpa/);
    expect(status.stdout).toMatch(/grandpa: last sync .*, 1 change set to take in/);

    clean(await ws.at("home", "relay", "remove-place", "relay", "grandpa"));
    expect(ws.pending()).toEqual([]);
    expect(await ws.at("grandpa", "sync")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/"grandpa" is not one of the relay's places \(home, anna\)/),
    });
  });

  it("a place added later joins from a copy of a place's tree and takes in what followed", async () => {
    await joined();
    ws.write("home/notes.md", "edited before\n");
    clean(await ws.at("home", "sync"));
    clean(await ws.at("home", "relay", "add-place", "relay", "cousin"));
    ws.write("home/notes.md", "edited after\n");
    clean(await ws.at("home", "sync"));
    execFileSync("cp", ["-a", ws.path("anna"), ws.path("cousin")]); // anna's copy, from before either edit
    clean(await ws.at("anna", "sync"));
    ws.configure("cousin");
    rmSync(ws.path("cousin"), { recursive: true });
    execFileSync("cp", ["-a", ws.path("anna"), ws.path("cousin")]);
    clean(await ws.at("cousin", "sync"));
    expect(ws.tree("cousin")).toEqual(ws.tree("home"));
  });

  it("no credential shows in what concord prints, with -v, or in what it keeps", async () => {
    await joined();
    ws.write("home/notes.md", "notes, edited\n");
    const printed = [await ws.at("home", "sync", "-v"), await ws.at("anna", "sync", "-v")];
    printed.push(await ws.at("home", "-v", "relay", "status", "relay"));
    for (const run of printed) expect(run.code).toBe(0);
    for (const secret of ws.relay.secrets) {
      for (const run of printed) expect(run.stdout + run.stderr).not.toContain(secret);
      for (const place of ["home", "anna"]) {
        for (const name of readdirSync(ws.path("status", place))) {
          expect(readFileSync(ws.path("status", place, name)).includes(secret)).toBe(false);
        }
      }
    }
  });
});

describe("three places, with a hand in the relay's folder", () => {
  beforeEach(() => {
    ws = new RelayPlaces(all);
  });

  it("change sets published without knowing of each other converge to both versions everywhere", async () => {
    await joined();
    ws.write("home/notes.md", "home's notes\n");
    ws.write("anna/notes.md", "anna's notes\n");
    clean(await ws.at("home", "sync"));
    // Two uploads that crossed: anna publishes before home's set reaches the relay.
    ws.rename("relay/sets/home.1", "home.1.aside");
    ws.rename("relay/blobs/home.1", "home.1.blobs.aside");
    clean(await ws.at("anna", "sync"));
    ws.rename("home.1.aside", "relay/sets/home.1");
    ws.rename("home.1.blobs.aside", "relay/blobs/home.1");

    for (const place of all) clean(await ws.at(place, "sync"));
    const tree = ws.tree("grandpa");
    expect(Object.values(tree)).toEqual(expect.arrayContaining(["644 anna's notes\n", "644 home's notes\n"]));
    expect(Object.keys(tree).filter((path) => path.includes(".conflict-"))).toHaveLength(1);
    expect(ws.tree("home")).toEqual(tree);
    expect(ws.tree("anna")).toEqual(tree);
    for (const place of all) clean(await ws.at(place, "sync"));
    expect(ws.pending()).toEqual([]);
  });

  it("a content damaged on the relay is refused: nothing is written from it, and the other files arrive", async () => {
    await joined();
    ws.write("home/notes.md", "notes, edited\n");
    ws.write("home/letters/uncle.txt", "dear uncle\n");
    clean(await ws.at("home", "sync"));
    const notes = sha256Hex("notes, edited\n");
    ws.write(`relay/blobs/home.1/${notes}`, "notes, edxted\n"); // a bit flipped on a failing stick

    const run = await ws.at("anna", "sync");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`blobs/home.1/${notes}: does not hold the content its change set names`);
    expect(ws.read("anna/notes.md")).toBe("notes\n");
    expect(ws.read("anna/letters/uncle.txt")).toBe("dear uncle\n");
  });

  it("a relay unplugged is said to be missing, and nothing is read as deleted", async () => {
    await joined();
    ws.write("home/notes.md", "notes, edited\n");
    const before = ws.tree("home");
    ws.rename("relay", "relay.unplugged");
    const run = await ws.at("home", "sync");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(ws.path("relay"));
    expect(run.stderr).toMatch(/not plugged in|not there/);
    expect(ws.tree("home")).toEqual(before);

    ws.rename("relay.unplugged", "relay");
    clean(await ws.at("home", "sync"));
    clean(await ws.at("anna", "sync"));
    expect(ws.read("anna/notes.md")).toBe("notes, edited\n");
  });
});
