import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  InvalidDataError,
  PreconditionFailedError,
  ReadOnlyError,
  UnsupportedError,
} from "../../errors/index.js";
import { fingerprint } from "../local-fs/fingerprint.js";
import {
  asCollectionId,
  bytesBody,
  type Collection,
  type Href,
  type Storage,
  type Version,
} from "../../contract/index.js";
import { definition } from "./index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

function vevent(uid: string | undefined, summary: string): string {
  const uidLine = uid === undefined ? [] : [`UID:${uid}`];
  return ["BEGIN:VEVENT", ...uidLine, "DTSTART:20240101T100000Z", `SUMMARY:${summary}`, "END:VEVENT"].join(
    "\r\n",
  );
}

function calendar(events: string[]): string {
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", ...events, "END:VCALENDAR", ""].join(
    "\r\n",
  );
}

const event = (uid: string, summary: string) => bytes(calendar([vevent(uid, summary)]));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "concord-singlefile-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function singlefile(path: string, options: { read_only?: boolean } = {}): Promise<Storage> {
  const config = definition.configSchema.parse({ type: "singlefile", path: join(root, path), ...options });
  return definition.create("test", config);
}

async function openOnly(storage: Storage): Promise<Collection> {
  const [info] = await storage.discover();
  if (info === undefined) throw new Error("no collection");
  return storage.open(info);
}

/** The collection of a single file that does not exist (yet): none that discover would list. */
async function openAbsent(fileName: string): Promise<Collection> {
  const storage = await singlefile(fileName);
  return storage.open({ id: asCollectionId(fileName.replace(/\.\w+$/, "")), href: join(root, fileName) });
}

async function listed(collection: Collection): Promise<Map<Href, Version>> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error("expected a full listing");
  return new Map(listing.items.map((item) => [item.href, item.version]));
}

describe("singlefile config", () => {
  it.each(["/cals/%s-%s.ics", "/cals/%s/cal.ics"])("rejects the pattern %s", (path) => {
    expect(definition.configSchema.safeParse({ type: "singlefile", path }).success).toBe(false);
  });

  it("accepts a file and a pattern", () => {
    for (const path of ["/cal.ics", "/cals/%s.ics"]) {
      expect(definition.configSchema.parse({ type: "singlefile", path })).toEqual({
        type: "singlefile",
        path,
        read_only: false,
      });
    }
  });
});

describe("singlefile discover", () => {
  it("finds no collection while its single file does not exist, and the empty one createCollection makes", async () => {
    const storage = await singlefile("calendar.ics");
    expect(await storage.discover()).toEqual([]);
    const info = { id: asCollectionId("calendar"), href: join(root, "calendar.ics") };
    expect(await storage.createCollection?.(info.id, {})).toEqual(info);
    expect(await storage.discover()).toEqual([info]);
    expect(await listed(storage.open(info))).toEqual(new Map());
  });

  it("lists the files a pattern matches, with what %s stands for as the id", async () => {
    for (const name of [
      "cal-work.ics",
      "cal-home.ics",
      "cal-.ics",
      ".cal-hidden.ics",
      "cal-x.vcf",
      "other.ics",
    ]) {
      await writeFile(join(root, name), "");
    }
    const storage = await singlefile("cal-%s.ics");
    expect((await storage.discover()).map((info) => info.id)).toEqual(["home", "work"]);
  });

  it("finds nothing when the pattern's folder does not exist", async () => {
    expect(await (await singlefile("missing/%s.ics")).discover()).toEqual([]);
  });
});

describe("singlefile createCollection", () => {
  it("makes an empty file for a pattern, and refuses one that exists", async () => {
    const storage = await singlefile("cals/%s.ics");
    await storage.createCollection?.(asCollectionId("work"), {});
    expect(await readFile(join(root, "cals", "work.ics"), "utf8")).toBe("");
    await expect(storage.createCollection?.(asCollectionId("work"), {})).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it("refuses ids a pattern cannot hold", async () => {
    const storage = await singlefile("%s.ics");
    await expect(storage.createCollection?.(asCollectionId(".hidden"), {})).rejects.toBeInstanceOf(
      InvalidDataError,
    );
  });

  it("accepts only its one id without a pattern", async () => {
    const storage = await singlefile("calendar.ics");
    await expect(storage.createCollection?.(asCollectionId("other"), {})).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });
});

describe("singlefile items", () => {
  it("derives hrefs from UIDs, deterministically, for duplicates and items without UID too", async () => {
    const text = calendar([
      vevent("a/b", "1"),
      vevent(undefined, "2"),
      vevent(undefined, "2"),
      vevent("plain", "3"),
    ]);
    await writeFile(join(root, "cal.ics"), text);
    const first = await listed(await openOnly(await singlefile("cal.ics")));
    const again = await listed(await openOnly(await singlefile("cal.ics")));
    expect([...first.keys()]).toEqual([...again.keys()]);
    expect(first.size).toBe(4);
    expect([...first.keys()][3]).toBe("plain");
    expect([...first.keys()][0]).toMatch(/^a_b-[0-9a-f]{12}$/);
  });

  it("writes nothing before flush, and creates the file on the first flush", async () => {
    const collection = await openAbsent("cal.ics");
    await collection.create(bytesBody(event("one", "One")), "one");
    expect(await readdir(root)).toEqual([]);
    await collection.flush?.();
    expect(await readFile(join(root, "cal.ics"), "utf8")).toContain("UID:one");
  });

  it("does not overwrite a file another program edited between list and flush", async () => {
    await writeFile(join(root, "cal.ics"), calendar([vevent("one", "Original")]));
    const collection = await openOnly(await singlefile("cal.ics"));
    const [[href, version]] = [...(await listed(collection))] as [[Href, Version]];
    await collection.update(href, version, bytesBody(event("one", "From sync")));
    const edited = calendar([vevent("one", "Edited in the calendar app")]);
    await writeFile(join(root, "cal.ics"), edited);

    await expect(collection.flush?.()).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await readFile(join(root, "cal.ics"), "utf8")).toBe(edited);
    // The refused change is gone from memory too: the collection shows the edited file.
    for await (const answer of collection.get([href])) {
      expect("body" in answer && new TextDecoder().decode(answer.body.bytes)).toContain("Edited");
    }
  });

  it("does not overwrite a file another program created before the first flush", async () => {
    const collection = await openAbsent("cal.ics");
    await collection.create(bytesBody(event("one", "From sync")), "one");
    await writeFile(join(root, "cal.ics"), calendar([vevent("two", "Theirs")]));
    await expect(collection.flush?.()).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await readFile(join(root, "cal.ics"), "utf8")).toContain("Theirs");
  });

  it("answers unchanged for the state of an untouched file, and in full once it changes", async () => {
    await writeFile(join(root, "cal.ics"), calendar([vevent("one", "One")]));
    const collection = await openOnly(await singlefile("cal.ics"));
    const first = await collection.list();
    expect(await collection.list(first.state)).toEqual({ kind: "unchanged", state: first.state });
    await writeFile(join(root, "cal.ics"), calendar([vevent("one", "One"), vevent("two", "Two")]));
    const later = await collection.list(first.state);
    expect(later.kind === "full" && later.items.length).toBe(2);
  });

  it("keeps a vCard file a vCard file", async () => {
    const card = (uid: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${uid}\r\nEND:VCARD\r\n`;
    await writeFile(join(root, "contacts.vcf"), card("alice") + card("bob"));
    const collection = await openOnly(await singlefile("contacts.vcf"));
    const versions = await listed(collection);
    await collection.delete("alice" as Href, versions.get("alice" as Href));
    await collection.flush?.();
    expect(await readFile(join(root, "contacts.vcf"), "utf8")).toBe(card("bob"));
  });

  it("refuses writes when read-only and never touches the file", async () => {
    await writeFile(join(root, "cal.ics"), calendar([vevent("one", "One")]));
    const storage = await singlefile("cal.ics", { read_only: true });
    const collection = await openOnly(storage);
    const [[href, version]] = [...(await listed(collection))] as [[Href, Version]];
    expect(storage.capabilities.readOnly).toBe(true);
    await expect(collection.create(bytesBody(event("two", "Two")), "two")).rejects.toBeInstanceOf(
      ReadOnlyError,
    );
    await expect(collection.update(href, version, bytesBody(event("one", "X")))).rejects.toBeInstanceOf(
      ReadOnlyError,
    );
    await expect(collection.delete(href, version)).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(storage.createCollection?.(asCollectionId("cal"), {})).rejects.toBeInstanceOf(ReadOnlyError);
  });
});

describe("singlefile with 5000 items", () => {
  const count = 5000;

  it("updates every item with one read and one write of the file", async () => {
    const path = join(root, "big.ics");
    await writeFile(
      path,
      calendar(Array.from({ length: count }, (_, index) => vevent(`uid-${index}`, "Before"))),
    );
    const before = await fingerprint(path);
    const started = performance.now();

    const collection = await openOnly(await singlefile("big.ics"));
    const versions = await listed(collection);
    expect(versions.size).toBe(count);
    for (const [href, version] of versions) {
      await collection.update(href, version, bytesBody(event(href, "After")));
    }
    // Nothing written while the items changed...
    expect(await fingerprint(path)).toBe(before);
    await collection.flush?.();
    const elapsed = performance.now() - started;

    // ...and then the file once, holding every change.
    const text = await readFile(path, "utf8");
    expect(text.match(/SUMMARY:After/g)).toHaveLength(count);
    expect(text).not.toContain("SUMMARY:Before");
    expect((await stat(path)).ino).not.toBe(Number(before.split(".")[1]));
    expect(await listed(await openOnly(await singlefile("big.ics")))).toEqual(await listed(collection));
    // Rewriting the file per item would take minutes; once takes well under a few seconds.
    expect(elapsed).toBeLessThan(15_000);
  });
});
