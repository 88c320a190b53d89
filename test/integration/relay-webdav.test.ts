/**
 * The relay's WebDAV backend on a real Apache httpd (mod_dav_fs behind Basic authentication),
 * built from a relay table as the storage builds it: objects written, read, streamed, listed,
 * removed, whatever their names; a relay's collection missing, a wrong password, and a server
 * that goes away in mid-write.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { AuthError, NotFoundError, UnavailableError } from "../../src/errors/index.js";
import type { RelayBackend } from "../../src/storages/relay/backends/backend.js";
import { backendFor } from "../../src/storages/relay/backends/backend-for.js";
import { relayConfigSchema } from "../../src/storages/relay/config.js";
import { describeWebdav, startWebdavRelay, type WebdavRelay } from "../support/relay/webdav.js";

describeWebdav("the relay's WebDAV backend on Apache mod_dav_fs", () => {
  let share: WebdavRelay;
  const opened: RelayBackend[] = [];
  beforeAll(async () => {
    share = await startWebdavRelay();
  });
  afterAll(() => share?.stop());
  afterEach(async () => {
    for (const backend of opened.splice(0)) await backend.close?.();
  });

  /** The backend of a relay table at `url` (the share's, unless given) with the share's account. */
  async function backend(
    options: { url?: string; password?: string; explain?: (line: string) => void } = {},
  ): Promise<RelayBackend> {
    const config = relayConfigSchema.parse({
      type: "relay",
      url: options.url ?? share.url,
      place: "home",
      username: share.username,
      password: options.password ?? share.password,
    });
    const made = backendFor("relay", config, { explain: options.explain });
    opened.push(made);
    return made;
  }

  const onDisk = (key: string) => readFileSync(join(share.folder, key), "utf8");
  const bytes = (text: string) => new TextEncoder().encode(text);
  async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
    for (const part of parts) yield bytes(part);
  }
  async function text(stream: AsyncIterable<Uint8Array>): Promise<string> {
    const parts: Uint8Array[] = [];
    for await (const part of stream) parts.push(part);
    return Buffer.concat(parts).toString("utf8");
  }

  it("writes objects into folders it makes, reads them whole or streamed, and names the URL of one missing", async () => {
    const relay = await backend();
    expect(relay.where).toBe(share.url);
    await relay.write("relay.json", bytes("{}"));
    await relay.write("blobs/home.1/abc", chunks("first ", "second"));
    await relay.write("blobs/home.1/abc", bytes("replaced"));
    expect(onDisk("relay.json")).toBe("{}");
    expect(onDisk("blobs/home.1/abc")).toBe("replaced");
    expect(Buffer.from((await relay.read("blobs/home.1/abc")) ?? []).toString()).toBe("replaced");
    expect(await text(relay.open("blobs/home.1/abc"))).toBe("replaced");

    expect(await relay.read("blobs/home.1/none")).toBeUndefined();
    expect(await relay.read("nowhere/none")).toBeUndefined();
    const missing = text(relay.open("blobs/home.1/none"));
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toThrow(`${share.url}blobs/home.1/none`);
  });

  it("lists every object below a prefix with its size, walking collections one level at a time", async () => {
    share.makeCollection("listing");
    const relay = await backend({ url: `${share.url}listing` }); // no trailing slash: still a collection
    expect(relay.where).toBe(`${share.url}listing/`);
    await relay.write("sets/home.1", bytes("12345"));
    await relay.write("blobs/home.1/aa", bytes("1"));
    await relay.write("blobs/home.1/bb", bytes(""));
    await relay.write("blobs/anna.2/cc", bytes("123"));
    await relay.write("places/home", bytes("12"));
    const sorted = (objects: { key: string }[]) => [...objects].sort((x, y) => (x.key < y.key ? -1 : 1));
    expect(sorted(await relay.list(""))).toEqual([
      { key: "blobs/anna.2/cc", size: 3 },
      { key: "blobs/home.1/aa", size: 1 },
      { key: "blobs/home.1/bb", size: 0 },
      { key: "places/home", size: 2 },
      { key: "sets/home.1", size: 5 },
    ]);
    expect(sorted(await relay.list("blobs/"))).toEqual([
      { key: "blobs/anna.2/cc", size: 3 },
      { key: "blobs/home.1/aa", size: 1 },
      { key: "blobs/home.1/bb", size: 0 },
    ]);
    expect(await relay.list("blobs/home.1/")).toHaveLength(2);
    expect(await relay.list("manifests/")).toEqual([]);
  });

  it("refuses to read a relay whose collection is not there as one holding nothing", async () => {
    const relay = await backend({ url: `${share.url}not-there/` });
    for (const read of [() => relay.list(""), () => relay.list("sets/"), () => relay.read("relay.json")]) {
      const reading = read();
      await expect(reading).rejects.toThrow(UnavailableError);
      await expect(reading).rejects.toThrow(`${share.url}not-there/ is not there`);
    }
    await expect(relay.write("sets/home.1", bytes("x"))).rejects.toThrow(
      `MKCOL ${share.url}not-there/sets/: 409 Conflict`,
    );
    expect(existsSync(join(share.folder, "not-there"))).toBe(false);
  });

  it("removes objects and whole folders, those already gone too, and writes into a folder removed", async () => {
    const relay = await backend({ url: share.makeCollection("removing") });
    await relay.write("blobs/home.1/aa", bytes("a"));
    await relay.write("blobs/home.1/bb", bytes("b"));
    await relay.write("sets/home.1", bytes("set"));
    await relay.remove("sets/home.1");
    await relay.remove("sets/home.1");
    expect(existsSync(join(share.folder, "removing/sets/home.1"))).toBe(false);
    await relay.removeAll("blobs/home.1/");
    await relay.removeAll("blobs/home.1/");
    expect(readdirSync(join(share.folder, "removing/blobs"))).toEqual([]);
    // The folder it made earlier in this run is gone: it is made again.
    await relay.write("blobs/home.1/aa", bytes("again"));
    expect(onDisk("removing/blobs/home.1/aa")).toBe("again");
  });

  it("keeps names with spaces, non-ASCII letters and URL syntax as they are", async () => {
    const relay = await backend({ url: share.makeCollection("names") });
    const keys = ["blobs/a b/ä ö.txt", "blobs/a b/100%?#x", "sets/日本:語"];
    for (const key of keys) await relay.write(key, bytes(key));
    for (const key of keys) expect(onDisk(`names/${key}`)).toBe(key);
    expect((await relay.list("")).map(({ key }) => key).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(Buffer.from((await relay.read(key)) ?? []).toString()).toBe(key);
    await expect(relay.write("blobs/../relay.json", bytes("x"))).rejects.toThrow(/refusing the relay key/);
    await expect(relay.read("blobs//x")).rejects.toThrow(/refusing the relay key/);
  });

  it("fails on a wrong password with an AuthError naming the URL, never the password", async () => {
    const wrong = "not-the-Pa55word";
    const lines: string[] = [];
    const relay = await backend({ password: wrong, explain: (line) => lines.push(line) });
    const failure = relay.read("relay.json");
    await expect(failure).rejects.toThrow(AuthError);
    const message = await failure.catch((error: unknown) => String(error));
    expect(message).toContain(`${share.url}relay.json`);
    expect(message).toContain("401");
    expect(lines.length).toBeGreaterThan(0);
    for (const shown of [message, ...lines]) {
      expect(shown).not.toContain(wrong);
      expect(shown).not.toContain(share.password);
    }
  });

  it("sends a PUT again when the server was down, once it is back", async () => {
    const url = share.makeCollection("outage");
    const relay = await backend({ url });
    await relay.write("sets/home.1", bytes("before"));
    const lines: string[] = [];
    const during = await backend({ url, explain: (line) => lines.push(line) });
    await share.pause();
    const writing = during.write("sets/home.2", bytes("during the outage"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await share.resume();
    await writing;
    expect(onDisk("outage/sets/home.2")).toBe("during the outage");
    expect(lines.some((line) => /PUT .*sets\/home\.2: retrying/.test(line))).toBe(true);
  });
});
