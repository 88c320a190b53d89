import { lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asHref, asVersion, bytesBody, type Collection } from "../../contract/index.js";
import { fetchOne, fetchText, hrefsOf, listed, openTree, textBody, useTempTree } from "./testing/tree.js";

const tree = useTempTree();

/** A collection whose tree holds `files` (path → content). */
async function treeWith(files: Record<string, string>, options = {}): Promise<Collection> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(tree.root, path, ".."), { recursive: true });
    await writeFile(join(tree.root, path), content);
  }
  return openTree(tree.root, options);
}

const stale = asVersion("0.0.0.0");

describe("files create", () => {
  it("writes a file with its mode and mtime, making its folders, and reports what a listing shows", async () => {
    const collection = await treeWith({});
    const written = await collection.create(textBody("hello"), "docs/2024/a.txt", {
      exact: true,
      attributes: { type: "file", mode: "750", mtime: "1700000000123456789" },
    });
    expect(await readFile(join(tree.root, "docs/2024/a.txt"), "utf8")).toBe("hello");
    const item = await listed(collection, "docs/2024/a.txt");
    expect(written).toEqual({ href: "docs/2024/a.txt", version: item.version, attributes: item.attributes });
    expect(item.attributes?.mode).toBe("750");
    expect(item.attributes?.mtime).toBe("1700000000123456000"); // Node sets times to the microsecond
    expect(await readdir(join(tree.root, "docs/2024"))).toEqual(["a.txt"]);
  });

  it("sets any modification time exactly to the microsecond, never the one before", async () => {
    const collection = await treeWith({});
    const times = fc.sample(fc.bigInt({ min: 0n, max: 4_102_444_800_000_000_000n }), {
      numRuns: 200,
      seed: 11,
    });
    for (const [index, ns] of times.entries()) {
      const written = await collection.create(textBody("t"), `t${index}`, {
        exact: true,
        attributes: { mtime: String(ns) },
      });
      expect(written.attributes?.mtime, `for ${ns}`).toBe(String((ns / 1000n) * 1000n));
    }
  });

  it("never sets setuid or setgid", async () => {
    const collection = await treeWith({});
    const written = await collection.create(textBody("#!/bin/sh"), "run", { attributes: { mode: "6755" } });
    expect(written.attributes?.mode).toBe("755");
  });

  it("makes a link to its body's target, and an empty folder", async () => {
    const collection = await treeWith({});
    await collection.create(textBody("../elsewhere"), "link", { attributes: { type: "symlink" } });
    await collection.create(bytesBody(new Uint8Array(0)), "empty/", {
      attributes: { type: "folder", mode: "700" },
    });
    expect(await readlink(join(tree.root, "link"))).toBe("../elsewhere");
    expect(((await stat(join(tree.root, "empty"))).mode & 0o777).toString(8)).toBe("700");
    expect(await hrefsOf(collection)).toEqual(["empty/", "link"]);
  });

  it("refuses a taken name, leaving the file there as it was", async () => {
    const collection = await treeWith({ "a.txt": "theirs" });
    await expect(collection.create(textBody("ours"), "a.txt", { exact: true })).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
    expect(await readFile(join(tree.root, "a.txt"), "utf8")).toBe("theirs");
    expect(await readdir(tree.root)).toEqual(["a.txt"]);
  });

  it.each([
    ["case", "Readme.md", "README.md"],
    ["Unicode normalisation", "caf\u00e9", "cafe\u0301"],
  ])("refuses a name that differs from a taken one only in %s", async (_, existing, name) => {
    const collection = await treeWith({ [existing]: "theirs" });
    await expect(collection.create(textBody("ours"), name)).rejects.toMatchObject({
      code: "PreconditionFailedError",
      message: expect.stringContaining(join(tree.root, existing)),
    });
    expect(await readdir(tree.root)).toEqual([existing]);
  });

  it("refuses to make a folder whose name differs from a taken one only in case", async () => {
    const collection = await treeWith({ "Photos/a.jpg": "a" });
    await expect(collection.create(textBody("b"), "photos/b.jpg")).rejects.toMatchObject({
      code: "PreconditionFailedError",
      message: expect.stringContaining(join(tree.root, "Photos")),
    });
    expect(await readdir(tree.root)).toEqual(["Photos"]);
  });

  it("takes a name freed by its own delete, as a folder renamed in case alone needs", async () => {
    const collection = await treeWith({ "Photos/a.jpg": "a" });
    await collection.create(textBody("other"), "other.txt");
    await collection.delete(asHref("Photos/a.jpg"), undefined);
    await collection.create(textBody("a"), "photos/a.jpg");
    expect((await readdir(tree.root)).sort()).toEqual(["other.txt", "photos"]);
  });

  it("refuses a twin of a name it created itself", async () => {
    const collection = await treeWith({});
    await collection.create(textBody("1"), "docs/Note.md");
    await expect(collection.create(textBody("2"), "docs/note.md")).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
  });

  it("refuses a name its ignore patterns cover, since the next listing would not show it", async () => {
    const collection = await treeWith({}, { ignore: ["*.o"] });
    await expect(collection.create(textBody(""), "build/x.o")).rejects.toMatchObject({
      code: "InvalidDataError",
    });
  });

  it.each([
    "../x",
    "a/../../x",
    "/etc/x",
    "a//b",
    "./x",
    "a/./b",
    "",
    "bad\nname",
    ".concord-id",
    "a/.concord-tmp-1",
  ])("refuses the path %j", async (name) => {
    const collection = await treeWith({});
    await expect(collection.create(textBody("x"), name)).rejects.toMatchObject({ code: "InvalidDataError" });
    expect(await readdir(tree.sandbox)).toEqual(["root"]);
    expect(await readdir(tree.root)).toEqual([]);
  });

  it("refuses a name longer than 255 bytes", async () => {
    const collection = await treeWith({});
    await expect(collection.create(textBody("x"), "é".repeat(128))).rejects.toMatchObject({
      code: "InvalidDataError",
    });
  });

  it("refuses to write through a linked folder, even one inside the tree", async () => {
    await mkdir(join(tree.sandbox, "outside"));
    await mkdir(join(tree.root, "inside"));
    await symlink(join(tree.sandbox, "outside"), join(tree.root, "out"));
    await symlink(join(tree.root, "inside"), join(tree.root, "in"));
    const collection = await openTree(tree.root);
    for (const name of ["out/x", "out/deeper/x", "in/x"]) {
      await expect(collection.create(textBody("x"), name)).rejects.toMatchObject({
        code: "InvalidDataError",
      });
    }
    expect(await readdir(join(tree.sandbox, "outside"))).toEqual([]);
    expect(await readdir(join(tree.root, "inside"))).toEqual([]);
  });

  it("refuses when a file stands where a folder is needed", async () => {
    const collection = await treeWith({ a: "a file" });
    await expect(collection.create(textBody("x"), "a/b")).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
  });

  it("refuses a body shorter than announced, and leaves nothing behind", async () => {
    const collection = await treeWith({});
    const short = textBody("short");
    const body = { size: 10, open: () => short.open() };
    await expect(collection.create(body, "a.txt")).rejects.toMatchObject({ code: "InvalidDataError" });
    expect(await readdir(tree.root)).toEqual([]);
  });

  it("refuses every write when read-only", async () => {
    const collection = await treeWith({ "a.txt": "a" }, { read_only: true });
    const { version } = await listed(collection, "a.txt");
    const href = asHref("a.txt");
    const writes = [
      collection.create(textBody("x"), "b.txt"),
      collection.update(href, version, textBody("x")),
      collection.delete(href, version),
      collection.move?.(href, version, "c.txt"),
      collection.setAttributes?.(href, version, { mode: "600" }),
    ];
    for (const write of writes) await expect(write).rejects.toMatchObject({ code: "ReadOnlyError" });
    expect(await readdir(tree.root)).toEqual(["a.txt"]);
  });
});

describe("files get", () => {
  it("reads a file, a link's target and an empty folder, with the listed versions", async () => {
    const collection = await treeWith({ "a.txt": "content" });
    await symlink("/nowhere", join(tree.root, "link"));
    await mkdir(join(tree.root, "empty"));
    expect(await fetchText(collection, "a.txt")).toBe("content");
    expect(await fetchText(collection, "link")).toBe("/nowhere");
    expect(await fetchText(collection, "empty/")).toBe("");
    const fetched = await fetchOne(collection, "a.txt");
    expect("version" in fetched && fetched.version).toBe((await listed(collection, "a.txt")).version);
  });

  it("answers NotFoundError for a file that is gone, and an error for a path outside the tree", async () => {
    const collection = await treeWith({});
    expect(await fetchOne(collection, "gone")).toMatchObject({ error: { code: "NotFoundError" } });
    expect(await fetchOne(collection, "../x")).toMatchObject({ error: { code: "InvalidDataError" } });
  });

  it("never reads through a linked folder", async () => {
    await mkdir(join(tree.sandbox, "outside"));
    await writeFile(join(tree.sandbox, "outside/secret"), "secret");
    await symlink(join(tree.sandbox, "outside"), join(tree.root, "out"));
    const collection = await openTree(tree.root);
    expect(await fetchOne(collection, "out/secret")).toMatchObject({ error: { code: "InvalidDataError" } });
  });

  it("fails to read a body whose file changed since it was fetched", async () => {
    const collection = await treeWith({ "a.txt": "one" });
    const fetched = await fetchOne(collection, "a.txt");
    if ("error" in fetched) throw fetched.error;
    await writeFile(join(tree.root, "a.txt"), "two, longer");
    await expect(async () => {
      for await (const chunk of fetched.body.open()) expect(chunk).toBeDefined();
    }).rejects.toMatchObject({ code: "PreconditionFailedError" });
  });
});

describe("files update", () => {
  it("replaces the content, keeping the mode when none is asked for", async () => {
    const collection = await treeWith({ "run.sh": "old" });
    await collection.setAttributes?.(asHref("run.sh"), undefined, { mode: "755" });
    const { version } = await listed(collection, "run.sh");
    const written = await collection.update(asHref("run.sh"), version, textBody("new"));
    expect(await readFile(join(tree.root, "run.sh"), "utf8")).toBe("new");
    expect(written.version).toBe((await listed(collection, "run.sh")).version);
    expect(written.attributes?.mode).toBe("755");
    expect(await readdir(tree.root)).toEqual(["run.sh"]);
  });

  it("refuses a stale version and leaves the file and no temp file", async () => {
    const collection = await treeWith({ "a.txt": "theirs" });
    await expect(collection.update(asHref("a.txt"), stale, textBody("ours"))).rejects.toMatchObject({
      code: "PreconditionFailedError",
      message: expect.stringContaining(join(tree.root, "a.txt")),
    });
    expect(await readFile(join(tree.root, "a.txt"), "utf8")).toBe("theirs");
    expect(await readdir(tree.root)).toEqual(["a.txt"]);
  });

  it("turns a file into a link", async () => {
    const collection = await treeWith({ a: "file" });
    const { version } = await listed(collection, "a");
    const written = await collection.update(asHref("a"), version, textBody("target"), { type: "symlink" });
    expect(await readlink(join(tree.root, "a"))).toBe("target");
    expect(written.attributes?.type).toBe("symlink");
  });

  it("gives an empty folder its attributes, having no content to replace", async () => {
    await mkdir(join(tree.root, "empty"));
    const collection = await openTree(tree.root);
    const { version } = await listed(collection, "empty/");
    const written = await collection.update(asHref("empty/"), version, bytesBody(new Uint8Array(0)), {
      type: "folder",
      mode: "700",
    });
    expect(written.attributes?.mode).toBe("700");
    expect(written.version).toBe((await listed(collection, "empty/")).version);
  });

  it("answers NotFoundError for a file that is gone", async () => {
    const collection = await treeWith({});
    await expect(collection.update(asHref("gone"), stale, textBody("x"))).rejects.toMatchObject({
      code: "NotFoundError",
    });
  });
});

describe("files delete", () => {
  it("removes the file and the folders it leaves empty, up to the root", async () => {
    const collection = await treeWith({ "a/b/c/x.txt": "x", "a/keep.txt": "k" });
    const { version } = await listed(collection, "a/b/c/x.txt");
    await collection.delete(asHref("a/b/c/x.txt"), version);
    expect(await readdir(join(tree.root, "a"))).toEqual(["keep.txt"]);
  });

  it("keeps the root when its last file goes", async () => {
    const collection = await treeWith({ "x.txt": "x" });
    await collection.delete(asHref("x.txt"), (await listed(collection, "x.txt")).version);
    expect(await readdir(tree.root)).toEqual([]);
  });

  it("removes an empty folder item", async () => {
    await mkdir(join(tree.root, "a/empty"), { recursive: true });
    const collection = await openTree(tree.root);
    await collection.delete(asHref("a/empty/"), (await listed(collection, "a/empty/")).version);
    expect(await readdir(tree.root)).toEqual([]);
  });

  it("refuses a stale version, and answers NotFoundError for a file that is gone", async () => {
    const collection = await treeWith({ "a.txt": "a" });
    await expect(collection.delete(asHref("a.txt"), stale)).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
    await expect(collection.delete(asHref("b.txt"), stale)).rejects.toMatchObject({ code: "NotFoundError" });
    expect(await readdir(tree.root)).toEqual(["a.txt"]);
  });

  it("never removes a file reached through a linked folder", async () => {
    await mkdir(join(tree.sandbox, "outside"));
    await writeFile(join(tree.sandbox, "outside/x"), "x");
    await symlink(join(tree.sandbox, "outside"), join(tree.root, "out"));
    const collection = await openTree(tree.root);
    await expect(collection.delete(asHref("out/x"), undefined)).rejects.toMatchObject({
      code: "InvalidDataError",
    });
    expect(await readdir(join(tree.sandbox, "outside"))).toEqual(["x"]);
  });
});

describe("files move", () => {
  it("gives a file a new path, keeping its content and mtime, and tidies the folders it left", async () => {
    const collection = await treeWith({ "old/place/a.txt": "a" });
    const before = await listed(collection, "old/place/a.txt");
    const written = await collection.move?.(asHref("old/place/a.txt"), before.version, "new/a.txt");
    expect(await readFile(join(tree.root, "new/a.txt"), "utf8")).toBe("a");
    expect(await readdir(tree.root)).toEqual(["new"]);
    const after = await listed(collection, "new/a.txt");
    expect(written).toEqual({ href: "new/a.txt", version: after.version, attributes: after.attributes });
    expect(after.attributes?.mtime).toBe(before.attributes?.mtime);
  });

  it("renames a file whose name changes in case alone", async () => {
    const collection = await treeWith({ readme: "r" });
    await collection.move?.(asHref("readme"), (await listed(collection, "readme")).version, "README");
    expect(await readdir(tree.root)).toEqual(["README"]);
  });

  it("moves a link and an empty folder", async () => {
    await symlink("target", join(tree.root, "link"));
    await mkdir(join(tree.root, "empty"));
    const collection = await openTree(tree.root);
    await collection.move?.(asHref("link"), (await listed(collection, "link")).version, "moved-link");
    await collection.move?.(asHref("empty/"), (await listed(collection, "empty/")).version, "sub/moved/");
    expect(await readlink(join(tree.root, "moved-link"))).toBe("target");
    expect(await hrefsOf(collection)).toEqual(["moved-link", "sub/moved/"]);
  });

  it("refuses a taken destination, a stale version and a destination outside the tree", async () => {
    const collection = await treeWith({ "a.txt": "a", "b.txt": "b" });
    const { version } = await listed(collection, "a.txt");
    const move = (to: string, at = version) => collection.move?.(asHref("a.txt"), at, to);
    await expect(move("b.txt")).rejects.toMatchObject({ code: "PreconditionFailedError" });
    await expect(move("B.TXT")).rejects.toMatchObject({ code: "PreconditionFailedError" });
    await expect(move("c.txt", stale)).rejects.toMatchObject({ code: "PreconditionFailedError" });
    await expect(move("../c.txt")).rejects.toMatchObject({ code: "InvalidDataError" });
    expect(await readdir(tree.root)).toEqual(["a.txt", "b.txt"]);
    expect(await readFile(join(tree.root, "b.txt"), "utf8")).toBe("b");
  });
});

describe("files setAttributes", () => {
  it("sets mode and mtime without touching the content", async () => {
    const collection = await treeWith({ "a.txt": "a" });
    const { version } = await listed(collection, "a.txt");
    const written = await collection.setAttributes?.(asHref("a.txt"), version, {
      mode: "600",
      mtime: "1600000000000000000",
    });
    const after = await listed(collection, "a.txt");
    expect(written).toEqual({ href: "a.txt", version: after.version, attributes: after.attributes });
    expect(after.attributes).toEqual({ type: "file", mode: "600", mtime: "1600000000000000000" });
    expect(await readFile(join(tree.root, "a.txt"), "utf8")).toBe("a");
  });

  it("sets a link's mtime without following it", async () => {
    await writeFile(join(tree.sandbox, "target"), "t");
    await symlink(join(tree.sandbox, "target"), join(tree.root, "link"));
    const targetTime = (await stat(join(tree.sandbox, "target"))).mtimeMs;
    const collection = await openTree(tree.root);
    const { version } = await listed(collection, "link");
    await collection.setAttributes?.(asHref("link"), version, { mtime: "1600000000000000000" });
    expect((await lstat(join(tree.root, "link"))).mtimeMs).toBe(1_600_000_000_000);
    expect((await stat(join(tree.sandbox, "target"))).mtimeMs).toBe(targetTime);
  });

  it("refuses a stale version, a change of type and a mode that is not one", async () => {
    const collection = await treeWith({ "a.txt": "a" });
    const { version } = await listed(collection, "a.txt");
    const set = collection.setAttributes?.bind(collection);
    await expect(set?.(asHref("a.txt"), stale, { mode: "600" })).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
    await expect(set?.(asHref("a.txt"), version, { type: "folder" })).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
    await expect(set?.(asHref("a.txt"), version, { mode: "rwx" })).rejects.toMatchObject({
      code: "InvalidDataError",
    });
  });
});
