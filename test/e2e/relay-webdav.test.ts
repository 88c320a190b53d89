/**
 * What is particular to a relay on a WebDAV share (Apache mod_dav_fs, Basic authentication),
 * through the CLI; relay-places, relay-crash and relay-encryption run their places on WebDAV too.
 * Joining sends no content and every request is explained with -v; a content over 8 MiB travels
 * as a whole PUT per part; a wrong password is refused naming the URL; a collection gone from the
 * share is said to be missing. The password, from the environment at two places and inline at the
 * third, never shows in what concord prints nor in what it keeps.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { RelayPlaces } from "../support/relay-places.js";
import { filesUnder } from "../support/relay/stores.js";
import { describeWebdav, startWebdavRelay, type WebdavRelay } from "../support/relay/webdav.js";

const all = ["home", "anna", "grandpa"];

describeWebdav("a relay on a WebDAV share", () => {
  let share: WebdavRelay;
  let ws: RelayPlaces;
  /** Each test's relay is a collection of its own on the share. */
  let collection: string;
  let url: string;
  let tests = 0;

  beforeAll(async () => {
    share = await startWebdavRelay();
  });
  afterAll(() => share?.stop());

  beforeEach(() => {
    collection = `e2e-${++tests}`;
    url = share.makeCollection(collection);
    const username = `username = "${share.username}"\n`;
    ws = new RelayPlaces(all, { url, relay: `${username}password = { env = "CONCORD_TEST_DAV_PASSWORD" }` });
    ws.env.CONCORD_TEST_DAV_PASSWORD = share.password;
    ws.configure("grandpa", `${username}password = "${share.password}"`);
  });
  afterEach(() => ws.dispose());

  async function joined(): Promise<void> {
    ws.write("home/photos/2019/beach.jpg", "beach\n");
    ws.write("home/notes.md", "notes\n");
    ws.cloneTree("home");
    await ws.explained("home", "relay", "init", "relay", "--places", all.join(","));
    for (const place of all) await ws.explained(place, "sync");
  }

  /** The relay's objects, by key, as Apache keeps them in the share's folder. */
  const relayObjects = () => Object.keys(filesUnder(join(share.folder, collection))).sort();
  /** The requests concord explained with -v, as `METHOD URL -> STATUS`. */
  const requests = () => ws.printed.join("").match(/(?<=relay: )[A-Z]+ \S+ -> \d+/g) ?? [];

  it("places join without one PUT of content, every request explained with -v, and the password nowhere", async () => {
    await joined();
    // The manifest went once every place had joined from it.
    expect(relayObjects()).toEqual(["places/anna", "places/grandpa", "places/home", "relay.json"]);
    expect(requests().filter((request) => /^PUT \S+\/blobs\//.test(request))).toEqual([]);
    expect(requests()).toContain(`PROPFIND ${url}places/ -> 207`);

    // The password is inline at grandpa's, from the environment at the others'.
    ws.write("grandpa/notes.md", "notes, from grandpa\n");
    await ws.explained("grandpa", "sync");
    await ws.explained("home", "sync");
    expect(ws.read("home/notes.md")).toBe("notes, from grandpa\n");
    expect(ws.printed.filter((text) => text.includes(share.password))).toEqual([]);
    expect(ws.statusFiles().filter((bytes) => bytes.includes(share.password))).toEqual([]);
  });

  it("a content over 8 MiB travels as one whole PUT per part, and arrives whole", async () => {
    await joined();
    const film = randomBytes(9 * 1024 * 1024);
    ws.write("home/photos/2019/film.bin", film);
    await ws.explained("home", "sync");
    const parts = requests().filter((request) => /^PUT \S+\/blobs\/home\.1\/.* -> 201$/.test(request));
    expect(
      parts.map((request) => request.replace(/\/blobs\/home\.1\/[0-9a-f]{64}/, "/blobs/home.1/HASH")),
    ).toEqual([`PUT ${url}blobs/home.1/HASH -> 201`, `PUT ${url}blobs/home.1/HASH.2 -> 201`]);
    await ws.explained("anna", "sync");
    expect(readFileSync(ws.path("anna/photos/2019/film.bin")).equals(film)).toBe(true);
  });

  it("refuses a wrong password, naming the URL, and showing no password", async () => {
    await joined();
    const wrong = `${share.password}-wrong`;
    ws.env.CONCORD_TEST_DAV_PASSWORD = wrong;
    const result = await ws.at("anna", "-v", "sync");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`GET ${url}relay.json: 401 Unauthorized: check username/password`);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    expect(result.stdout + result.stderr).not.toContain(share.password);
  });

  it("a relay gone from the share is said to be missing, and nothing is read as deleted", async () => {
    await joined();
    ws.write("home/notes.md", "notes, edited\n");
    const before = ws.tree("home");
    renameSync(join(share.folder, collection), join(share.folder, `${collection}.moved`));
    const result = await ws.at("home", "sync");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${url} is not there`);
    expect(ws.tree("home")).toEqual(before);
  });
});
