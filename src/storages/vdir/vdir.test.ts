import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  InvalidDataError,
  NotFoundError,
  PreconditionFailedError,
  ReadOnlyError,
} from "../../errors/index.js";
import {
  asCollectionId,
  asHref,
  bytesBody,
  type Collection,
  type Fetched,
  type Storage,
} from "../../contract/index.js";
import { definition } from "./index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "concord-vdir-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function vdir(options: { path?: string; read_only?: boolean } = {}): Promise<Storage> {
  const config = definition.configSchema.parse({ type: "vdir", path: root, fileext: "ics", ...options });
  return definition.create("test", config);
}

/** A collection folder with the given files in it, opened. */
async function collectionWith(
  files: Record<string, string>,
  options?: { read_only?: boolean },
): Promise<Collection> {
  await mkdir(join(root, "cal"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(root, "cal", name), content);
  const storage = await vdir(options);
  return storage.open({ id: asCollectionId("cal"), href: join(root, "cal") });
}

async function versionOf(collection: Collection, href: string) {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error("expected a full listing");
  return listing.items.find((item) => item.href === href)?.version;
}

describe("vdir config", () => {
  it("accepts an extension without its dot and adds it", () => {
    expect(definition.configSchema.parse({ type: "vdir", path: "/x", fileext: "vcf" })).toEqual({
      type: "vdir",
      path: "/x",
      fileext: ".vcf",
      read_only: false,
    });
  });

  it.each(["", ".", "../ics", "a/b", ".i cs"])("rejects the extension %j", (fileext) => {
    expect(definition.configSchema.safeParse({ type: "vdir", path: "/x", fileext }).success).toBe(false);
  });

  it("rejects unknown keys", () => {
    expect(
      definition.configSchema.safeParse({ type: "vdir", path: "/x", fileext: ".ics", ext: 1 }).success,
    ).toBe(false);
  });
});

describe("vdir discover", () => {
  it("finds no collections when the folder does not exist yet", async () => {
    expect(await (await vdir({ path: join(root, "missing") })).discover()).toEqual([]);
  });

  it("lists visible sub-folders only", async () => {
    await mkdir(join(root, "work"));
    await mkdir(join(root, "home"));
    await mkdir(join(root, ".git"));
    await writeFile(join(root, "stray.ics"), "");
    expect((await (await vdir()).discover()).map((info) => info.id)).toEqual(["home", "work"]);
  });
});

describe("vdir createCollection", () => {
  it("makes the root folder too", async () => {
    const storage = await vdir({ path: join(root, "new", "cals") });
    await storage.createCollection?.(asCollectionId("work"), { displayname: "Work" });
    expect(await readFile(join(root, "new", "cals", "work", "displayname"), "utf8")).toBe("Work");
  });

  it("refuses a folder that exists already", async () => {
    await mkdir(join(root, "work"));
    await writeFile(join(root, "work", "theirs.ics"), "x");
    await expect((await vdir()).createCollection?.(asCollectionId("work"), {})).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it("refuses a hidden folder name, which discover would never list", async () => {
    await expect((await vdir()).createCollection?.(asCollectionId(".hidden"), {})).rejects.toBeInstanceOf(
      InvalidDataError,
    );
  });
});

describe("vdir items", () => {
  it("lists only visible files with the extension, named by their file name", async () => {
    const collection = await collectionWith({
      "khal-made.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
      "notes.txt": "",
      ".hidden.ics": "",
      ".concord-123.tmp": "",
      displayname: "Cal",
    });
    await mkdir(join(root, "cal", "folder.ics"));
    const listing = await collection.list();
    expect(listing.kind === "full" && listing.items.map((item) => item.href)).toEqual(["khal-made.ics"]);
  });

  it("does not overwrite a file another program changed between list and update", async () => {
    const collection = await collectionWith({ "a.ics": "original" });
    const listed = await versionOf(collection, "a.ics");
    await writeFile(join(root, "cal", "a.ics"), "edited by khal");

    await expect(
      collection.update(asHref("a.ics"), listed, bytesBody(bytes("from sync"))),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await readFile(join(root, "cal", "a.ics"), "utf8")).toBe("edited by khal");
    expect(await readdir(join(root, "cal"))).toEqual(["a.ics"]);
  });

  it("notices a same-size replacement by rename, the way editors save", async () => {
    const collection = await collectionWith({ "a.ics": "version-1" });
    const listed = await versionOf(collection, "a.ics");
    await writeFile(join(root, "cal", ".swap"), "version-2");
    await rename(join(root, "cal", ".swap"), join(root, "cal", "a.ics"));

    await expect(collection.delete(asHref("a.ics"), listed)).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await readFile(join(root, "cal", "a.ics"), "utf8")).toBe("version-2");
  });

  it("creates beside a file another program made with the same name", async () => {
    const collection = await collectionWith({ "uid-1.ics": "theirs" });
    const written = await collection.create(bytesBody(bytes("ours")), "uid-1");
    expect(written.href).toBe("uid-1-2.ics");
    expect(await readFile(join(root, "cal", "uid-1.ics"), "utf8")).toBe("theirs");
  });

  it.each(["../a.ics", "sub/a.ics", ".hidden.ics", "a.txt", ".ics", "a\u0000.ics"])(
    "refuses to write the href %j",
    async (href) => {
      const collection = await collectionWith({ "a.ics": "x" });
      await expect(collection.update(asHref(href), undefined, bytesBody(bytes("y")))).rejects.toBeInstanceOf(
        InvalidDataError,
      );
      await expect(collection.delete(asHref(href), undefined)).rejects.toBeInstanceOf(InvalidDataError);
    },
  );

  it("reads many files, answering each href once, with errors for the bad ones", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`item-${index}.ics`, `content ${index}`]),
    );
    const collection = await collectionWith(files);
    await mkdir(join(root, "cal", "folder.ics"));
    const hrefs = [...Object.keys(files), "folder.ics", "gone.ics", "../escape.ics"].map(asHref);

    const answers = new Map<string, Fetched>();
    for await (const answer of collection.get(hrefs)) answers.set(answer.href, answer);
    const errorOf = (href: string) => {
      const answer = answers.get(href);
      return answer !== undefined && "error" in answer ? answer.error : undefined;
    };
    expect(answers.size).toBe(hrefs.length);
    const answer = answers.get("item-42.ics");
    expect(answer && "body" in answer && new TextDecoder().decode(answer.body.bytes)).toBe("content 42");
    expect(errorOf("folder.ics")).toBeInstanceOf(InvalidDataError);
    expect(errorOf("gone.ics")).toBeInstanceOf(NotFoundError);
    expect(errorOf("../escape.ics")).toBeInstanceOf(InvalidDataError);
  });
});

describe("vdir properties", () => {
  it("reads values trimmed and treats blank files as unset", async () => {
    const collection = await collectionWith({ displayname: "Work\n", color: "  \n" });
    expect(await collection.getProperties?.()).toEqual({ displayname: "Work" });
  });
});

describe("vdir read_only", () => {
  it("refuses every write and writes nothing", async () => {
    const collection = await collectionWith({ "a.ics": "x" }, { read_only: true });
    const storage = await vdir({ read_only: true });
    const version = await versionOf(collection, "a.ics");
    expect(storage.capabilities.readOnly).toBe(true);

    await expect(collection.create(bytesBody(bytes("y")), "b")).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(collection.update(asHref("a.ics"), version, bytesBody(bytes("y")))).rejects.toBeInstanceOf(
      ReadOnlyError,
    );
    await expect(collection.delete(asHref("a.ics"), version)).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(collection.setProperty?.("displayname", "x")).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(storage.createCollection?.(asCollectionId("new"), {})).rejects.toBeInstanceOf(ReadOnlyError);
    expect(await readdir(root)).toEqual(["cal"]);
    expect(await readdir(join(root, "cal"))).toEqual(["a.ics"]);
  });
});
