import { execFileSync } from "node:child_process";
import { chmod, mkdir, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hrefsOf, listed, listTree, openTree, useTempTree } from "./testing/tree.js";

const tree = useTempTree();

describe("files listing", () => {
  it("lists files by their path below the root, with type, mode and mtime", async () => {
    await mkdir(join(tree.root, "notes/2024"), { recursive: true });
    await writeFile(join(tree.root, "notes/2024/a.md"), "a");
    await writeFile(join(tree.root, "top.txt"), "top");
    await chmod(join(tree.root, "top.txt"), 0o640);
    await utimes(join(tree.root, "top.txt"), 1_700_000_000, 1_700_000_000.5);
    const collection = await openTree(tree.root);
    expect(await hrefsOf(collection)).toEqual(["notes/2024/a.md", "top.txt"]);
    expect((await listed(collection, "top.txt")).attributes).toEqual({
      type: "file",
      mode: "640",
      mtime: "1700000000500000000",
    });
  });

  it("lists a link as a link, never following it, even out of the tree", async () => {
    await writeFile(join(tree.sandbox, "outside.txt"), "outside");
    await mkdir(join(tree.sandbox, "outside-folder"));
    await writeFile(join(tree.sandbox, "outside-folder/secret.txt"), "secret");
    await symlink(join(tree.sandbox, "outside.txt"), join(tree.root, "link-to-file"));
    await symlink(join(tree.sandbox, "outside-folder"), join(tree.root, "link-to-folder"));
    const collection = await openTree(tree.root);
    expect(await hrefsOf(collection)).toEqual(["link-to-file", "link-to-folder"]);
    expect((await listed(collection, "link-to-folder")).attributes?.type).toBe("symlink");
  });

  it("lists an empty folder as an item ending in /, and a folder holding items not", async () => {
    await mkdir(join(tree.root, "photos/2024"), { recursive: true });
    await mkdir(join(tree.root, "photos/2025"));
    await writeFile(join(tree.root, "photos/2025/x.jpg"), "x");
    const collection = await openTree(tree.root);
    expect(await hrefsOf(collection)).toEqual(["photos/2024/", "photos/2025/x.jpg"]);
    expect((await listed(collection, "photos/2024/")).attributes?.type).toBe("folder");
  });

  it("leaves out the marker and its own temp files", async () => {
    await writeFile(join(tree.root, ".concord-id"), "id\n");
    await writeFile(join(tree.root, ".concord-tmp-123"), "half written");
    await writeFile(join(tree.root, "kept"), "");
    expect(await hrefsOf(await openTree(tree.root))).toEqual(["kept"]);
  });

  it("reports a named pipe and does not list it", async () => {
    execFileSync("mkfifo", [join(tree.root, "pipe")]);
    const { items, skipped } = await listTree(await openTree(tree.root));
    expect(items).toEqual([]);
    expect(skipped).toEqual([
      { where: join(tree.root, "pipe"), why: "a named pipe, not a file, folder or link" },
    ]);
  });

  it("reports a name that is not UTF-8 and one holding a line break", async () => {
    await writeFile(Buffer.concat([Buffer.from(`${tree.root}/bad-`), Buffer.from([0xff, 0xfe])]), "");
    await writeFile(join(tree.root, "two\nlines"), "");
    await writeFile(join(tree.root, "fine"), "");
    const { items, skipped } = await listTree(await openTree(tree.root));
    expect(items.map((item) => item.href)).toEqual(["fine"]);
    expect(skipped).toHaveLength(2);
    expect(skipped).toContainEqual({
      where: join(tree.root, "bad-\ufffd\ufffd"),
      why: "its name is not valid UTF-8 (bytes 6261642dfffe)",
    });
    expect(skipped).toContainEqual({
      where: JSON.stringify(join(tree.root, "two\nlines")),
      why: "its name holds a control character",
    });
  });

  it("reports both of two names that differ only in Unicode normalisation, and lists neither", async () => {
    const nfc = "caf\u00e9";
    const nfd = "cafe\u0301";
    await writeFile(join(tree.root, nfc), "composed");
    await writeFile(join(tree.root, nfd), "decomposed");
    const { items, skipped } = await listTree(await openTree(tree.root));
    expect(items).toEqual([]);
    expect(skipped.map((entry) => entry.where).sort()).toEqual(
      [join(tree.root, nfc), join(tree.root, nfd)].sort(),
    );
    expect(skipped[0]?.why).toMatch(/only in case or Unicode normalisation/);
  });

  it("reports names that differ only in case, in the same folder only", async () => {
    await mkdir(join(tree.root, "a"));
    await mkdir(join(tree.root, "b"));
    await writeFile(join(tree.root, "a/Readme"), "");
    await writeFile(join(tree.root, "a/README"), "");
    await writeFile(join(tree.root, "b/readme"), "");
    const { items, skipped } = await listTree(await openTree(tree.root));
    expect(items.map((item) => item.href)).toEqual(["b/readme"]);
    expect(skipped.map((entry) => entry.where).sort()).toEqual([
      join(tree.root, "a/README"),
      join(tree.root, "a/Readme"),
    ]);
  });

  it("leaves out what the config's and .concordignore's patterns ignore, without going into ignored folders", async () => {
    await mkdir(join(tree.root, "node_modules/pkg"), { recursive: true });
    await writeFile(join(tree.root, "node_modules/pkg/index.js"), "");
    // Seen only by going into the ignored folder: it would be reported.
    execFileSync("mkfifo", [join(tree.root, "node_modules/pipe")]);
    await writeFile(join(tree.root, "node_modules.txt"), "a file, not the folder");
    await mkdir(join(tree.root, "build"));
    await writeFile(join(tree.root, "build/out.o"), "");
    await writeFile(join(tree.root, "build/keep.o"), "");
    await writeFile(join(tree.root, "notes.tmp"), "");
    await writeFile(join(tree.root, ".concordignore"), "# generated\n*.o\n!keep.o\n");
    const { items, skipped } = await listTree(
      await openTree(tree.root, { ignore: ["node_modules/", "*.tmp"] }),
    );
    expect(items.map((item) => item.href)).toEqual([".concordignore", "build/keep.o", "node_modules.txt"]);
    expect(skipped).toEqual([]);
  });

  it("matches ignore patterns with case, as git does on Linux", async () => {
    await writeFile(join(tree.root, "photo.JPG"), "");
    await writeFile(join(tree.root, "photo.jpg"), "");
    expect(await hrefsOf(await openTree(tree.root, { ignore: ["*.jpg"] }))).toEqual(["photo.JPG"]);
  });

  it("does not list a folder holding only ignored or left-out entries: it is not empty", async () => {
    await mkdir(join(tree.root, "cache"));
    await writeFile(join(tree.root, "cache/x.tmp"), "");
    await mkdir(join(tree.root, "pipes"));
    execFileSync("mkfifo", [join(tree.root, "pipes/p")]);
    await mkdir(join(tree.root, "empty"));
    await writeFile(join(tree.root, "empty/.concord-tmp-1"), "");
    expect(await hrefsOf(await openTree(tree.root, { ignore: ["*.tmp"] }))).toEqual(["empty/"]);
  });

  it("gives a file a new version when its content changes, even with the old mtime put back", async () => {
    const path = join(tree.root, "a.txt");
    await writeFile(path, "one");
    await utimes(path, 1_700_000_000, 1_700_000_000);
    const collection = await openTree(tree.root);
    const before = (await listed(collection, "a.txt")).version;
    expect((await listed(collection, "a.txt")).version).toBe(before);
    await writeFile(path, "two");
    await utimes(path, 1_700_000_000, 1_700_000_000);
    expect((await listed(collection, "a.txt")).version).not.toBe(before);
  });

  it("gives a file a new version when only its mode changes", async () => {
    await writeFile(join(tree.root, "run.sh"), "");
    const collection = await openTree(tree.root);
    const before = await listed(collection, "run.sh");
    await chmod(join(tree.root, "run.sh"), 0o755);
    const after = await listed(collection, "run.sh");
    expect(after.version).not.toBe(before.version);
    expect(after.attributes?.mode).toBe("755");
  });

  it("fails when the root is gone, instead of listing nothing", async () => {
    const collection = await openTree(tree.root);
    execFileSync("rmdir", [tree.root]);
    await expect(collection.list()).rejects.toMatchObject({ code: "CollectionError" });
  });
});
