import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asCollectionId, bytesBody, type Storage } from "../../contract/index.js";
import { InvalidDataError, PreconditionFailedError } from "../../errors/index.js";
import type { MaildirLayout } from "./config.js";
import { escapeSegment, folderOf, maildirPlusPlusId, unescapeSegment } from "./folder-layout.js";
import { definition } from "./index.js";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "concord-maildir-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const storageOn = (layout: MaildirLayout, readOnly = false): Promise<Storage> =>
  definition.create(
    "test",
    definition.configSchema.parse({ type: "maildir", path: root, layout, read_only: readOnly }),
  );

/** A Maildir made by hand, as another program would. */
function maildirAt(...segments: string[]): string {
  const folder = join(root, ...segments);
  for (const part of ["cur", "new", "tmp"]) mkdirSync(join(folder, part), { recursive: true });
  return folder;
}

const ids = async (storage: Storage) => (await storage.discover()).map((info) => info.id);

describe("the verbatim layout", () => {
  it("finds every Maildir, nested ones and those below plain folders, never hidden ones", async () => {
    maildirAt("INBOX");
    maildirAt("INBOX", "Sub");
    maildirAt("Archive", "2023");
    maildirAt(".notmuch", "xapian");
    mkdirSync(join(root, "Plain folder"));
    const storage = await storageOn("verbatim");
    expect(await ids(storage)).toEqual(["Archive/2023", "INBOX", "INBOX/Sub"]);
    // INBOX is the one folder whose use a Maildir tells.
    expect((await storage.discover()).map((info) => info.role)).toEqual([undefined, "inbox", undefined]);
  });

  it("makes nested folders with their parents, and finds them again", async () => {
    const storage = await storageOn("verbatim");
    const info = await storage.createCollection!(asCollectionId("Work/Projects/Ü 2024"), {});
    expect(info.href).toBe(join(root, "Work", "Projects", "Ü 2024"));
    expect((await readdir(info.href)).sort()).toEqual(["cur", "new", "tmp"]);
    await storage.createCollection!(asCollectionId("Work"), {});
    expect(await ids(storage)).toEqual(["Work", "Work/Projects/Ü 2024"]);
    await expect(storage.createCollection!(asCollectionId("Work"), {})).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it("refuses names that would be hidden or a Maildir's own folders", async () => {
    const storage = await storageOn("verbatim");
    for (const id of [".hidden", "INBOX/cur", "new", "a/.b", "x".repeat(300)]) {
      await expect(storage.createCollection!(asCollectionId(id), {}), id).rejects.toBeInstanceOf(
        InvalidDataError,
      );
    }
    expect(await readdir(root)).toEqual([]);
  });
});

describe("the maildir++ layout", () => {
  it("is INBOX at the root and other folders as dot-separated names", async () => {
    maildirAt();
    maildirAt(".Sent");
    maildirAt(".Work.Projects");
    maildirAt(".INBOX.Sub");
    maildirAt(".a\\2eb");
    maildirAt(".bad\\zz");
    maildirAt(".empty..segment");
    mkdirSync(join(root, ".not-a-maildir"));
    expect(await ids(await storageOn("maildir++"))).toEqual([
      "INBOX",
      "INBOX/Sub",
      "Sent",
      "Work/Projects",
      "a.b",
    ]);
  });

  it("makes folders with their names escaped as Dovecot's listescape does, and a maildirfolder marker", async () => {
    const storage = await storageOn("maildir++");
    const info = await storage.createCollection!(asCollectionId("Lists/dev.example.org/~me\\you"), {});
    expect(info.href).toBe(join(root, ".Lists.dev\\2eexample\\2eorg.\\7eme\\5cyou"));
    expect((await readdir(info.href)).sort()).toEqual(["cur", "maildirfolder", "new", "tmp"]);
    const inbox = await storage.createCollection!(asCollectionId("INBOX"), {});
    expect(inbox).toEqual({ id: "INBOX", href: root, role: "inbox" });
    expect(await ids(storage)).toEqual(["INBOX", "Lists/dev.example.org/~me\\you"]);
  });

  it("reads back each name it writes, and no name it would not write", () => {
    for (const segment of ["a.b", "~x", "a~", "back\\slash", "ünï", "..."]) {
      expect(unescapeSegment(escapeSegment(segment))).toBe(segment);
    }
    expect(maildirPlusPlusId(".A\\2Eb")).toBeUndefined();
    expect(maildirPlusPlusId(".a\\2fb")).toBeUndefined();
    expect(maildirPlusPlusId("..")).toBeUndefined();
    expect(maildirPlusPlusId(".INBOX")).toBeUndefined();
  });

  it("never puts a folder outside the root", () => {
    for (const id of ["../x", "a/../../x", "/etc", "a//b", "a\u0000b"]) {
      expect(() => folderOf(root, "maildir++", id as never), id).toThrow();
      expect(() => folderOf(root, "verbatim", id as never), id).toThrow();
    }
  });
});

describe("deleteCollection", () => {
  it("refuses a Maildir that holds a message, and removes an empty one with the files mail programs keep", async () => {
    const storage = await storageOn("verbatim");
    const info = await storage.createCollection!(asCollectionId("Old"), {});
    const collection = storage.open(info);
    const written = await collection.create(bytesBody(new TextEncoder().encode("Subject: x\n\nx\n")), "x");
    await collection.flush?.();
    await expect(storage.deleteCollection!(info)).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await ids(storage)).toEqual(["Old"]);

    await collection.delete(written.href, written.version);
    writeFileSync(join(info.href, "dovecot-uidlist"), "3 V1 N1\n");
    writeFileSync(join(info.href, ".uidvalidity"), "1\n");
    await storage.deleteCollection!(info);
    expect(await readdir(root)).toEqual([]);
  });

  it("leaves the mail folders inside the one it removes, with their messages", async () => {
    const storage = await storageOn("verbatim");
    const parent = await storage.createCollection!(asCollectionId("INBOX"), {});
    const child = await storage.createCollection!(asCollectionId("INBOX/Sub"), {});
    const inChild = storage.open(child);
    const message = await inChild.create(
      bytesBody(new TextEncoder().encode("Subject: kept\n\nkept\n")),
      "kept",
    );
    await inChild.flush?.();
    await storage.deleteCollection!(parent);
    expect(await ids(storage)).toEqual(["INBOX/Sub"]);
    const listing = await storage.open(child).list();
    expect(listing.kind === "full" && listing.items.map((item) => item.href)).toEqual([message.href]);
  });

  it("removes INBOX of a maildir++ root but never the root itself", async () => {
    const storage = await storageOn("maildir++");
    const inbox = await storage.createCollection!(asCollectionId("INBOX"), {});
    await storage.createCollection!(asCollectionId("Sent"), {});
    await storage.deleteCollection!(inbox);
    expect(await ids(storage)).toEqual(["Sent"]);
    expect(await readdir(root)).toEqual([".Sent"]);
  });
});

describe("probe", () => {
  it("answers absent for a missing root, naming it", async () => {
    const storage = await definition.create(
      "test",
      definition.configSchema.parse({ type: "maildir", path: join(root, "missing") }),
    );
    expect(await storage.probe!()).toEqual({
      kind: "absent",
      why: expect.stringContaining(join(root, "missing")),
    });
  });
});
