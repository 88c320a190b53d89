/**
 * A place's run killed (SIGKILL) while it uploads its change set, or while it applies another's,
 * with the relay in a folder, on WebDAV and in S3: nothing half-made is visible to the others,
 * nothing half-applied is left, and the next run continues where the killed one stopped: the
 * parts of a large file uploaded already are not sent again.
 */
import { statSync } from "node:fs";
import { beforeEach, afterEach, expect, it } from "vitest";
import { RelayPlaces } from "../support/relay-places.js";
import { describeRelayStores } from "../support/relay/stores.js";
import { clean, killDuringCopy, sha256, sparseFile } from "../support/trees.js";

const mib = 1024 * 1024;

describeRelayStores("killed runs", (_kind, store) => {
  let ws: RelayPlaces;
  beforeEach(async () => {
    ws = new RelayPlaces(["home", "anna", "grandpa"], { store: store() });
    ws.write("home/notes.md", "notes\n");
    ws.cloneTree("home");
    clean(await ws.at("home", "relay", "init", "relay", "--places", "home,anna,grandpa"));
    for (const place of ws.places) clean(await ws.at(place, "sync"));
  });
  afterEach(() => ws.dispose());

  /** The objects of a change set's blob folder (`blobs/home.1/`), by name, with their files. */
  const blobs = (folder: string): Map<string, string> =>
    new Map(
      Object.entries(ws.relay.files())
        .filter(([key]) => key.startsWith(folder))
        .map(([key, path]) => [key.slice(folder.length), path]),
    );

  /** Kills a run once the relay's blob folder `folder` holds a part numbered `part` whole. */
  async function killDuringUpload(run: ReturnType<RelayPlaces["startAt"]>, folder: string, part: number) {
    const { child, done } = run;
    let ended = false;
    void done.then(() => (ended = true));
    for (;;) {
      if ([...blobs(folder).keys()].some((name) => name.endsWith(`.${part}`))) {
        child.kill("SIGKILL");
        expect((await done).code).toBeNull();
        return;
      }
      if (ended) throw new Error(`the run ended before ${folder} held part ${part} of a blob`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  it("killed while uploading: no other place sees a change set, and the next run publishes it whole, sending only the parts missing", async () => {
    ws.write("home/a-small.txt", "small\n");
    sparseFile(ws.path("home/video.mkv"), 96 * mib, { 0: "header", [96 * mib - 8]: "trailer!" });
    await killDuringUpload(ws.startAt("home", "sync"), "blobs/home.1/", 2);
    expect(ws.pending().filter((key) => key.startsWith("sets/"))).toEqual([]);
    expect(await ws.at("anna", "sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(Object.keys(ws.tree("anna"))).toEqual(["notes.md"]);
    // Whole objects only (a store's own temp files aside), each the file it is now.
    const uploaded = new Map(
      [...blobs("blobs/home.1/")]
        .filter(([name]) => /^[0-9a-f]{64}(\.\d+)?$/.test(name))
        .map(([name, path]) => [name, statSync(path).mtimeMs]),
    );
    expect(uploaded.size).toBeGreaterThan(1);

    clean(await ws.at("home", "sync"));
    const parts = [...blobs("blobs/home.1/").keys()].filter((name) => /\.\d+$/.test(name)); // the video's 2 to 12
    expect(parts).toHaveLength(11);
    for (const [name, mtime] of uploaded)
      expect(statSync(blobs("blobs/home.1/").get(name) ?? "").mtimeMs).toBe(mtime);
    clean(await ws.at("anna", "sync"));
    expect(await sha256(ws.path("anna/video.mkv"))).toBe(await sha256(ws.path("home/video.mkv")));
    expect(ws.read("anna/a-small.txt")).toBe("small\n");
    clean(await ws.at("grandpa", "sync"));
    expect(ws.pending()).toEqual([]);
  }, 180_000);

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
  }, 180_000);
});
