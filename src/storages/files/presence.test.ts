import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { definition } from "./index.js";
import { filesStorage, useTempTree } from "./testing/tree.js";

const tree = useTempTree();

describe("files config", () => {
  it("takes a path, ignore patterns and read_only, with defaults", () => {
    expect(definition.configSchema.parse({ type: "files", path: "/data" })).toEqual({
      type: "files",
      path: "/data",
      ignore: [],
      read_only: false,
    });
  });

  it("rejects unknown keys and ignore patterns that are not strings", () => {
    expect(definition.configSchema.safeParse({ type: "files", path: "/x", exclude: [] }).success).toBe(false);
    expect(definition.configSchema.safeParse({ type: "files", path: "/x", ignore: [1] }).success).toBe(false);
  });
});

describe("files presence", () => {
  it("finds the tree as one collection at its root, and none without a root", async () => {
    expect(await (await filesStorage(tree.root)).discover()).toEqual([{ id: "root", href: tree.root }]);
    expect(await (await filesStorage(join(tree.sandbox, "unplugged"))).discover()).toEqual([]);
  });

  it("is absent when the root is missing or is not a folder", async () => {
    const missing = join(tree.sandbox, "unplugged");
    expect(await (await filesStorage(missing)).probe?.()).toEqual({
      kind: "absent",
      why: `${missing} does not exist (is the disk plugged in?)`,
    });
    await writeFile(join(tree.sandbox, "file"), "");
    expect(await (await filesStorage(join(tree.sandbox, "file"))).probe?.()).toMatchObject({
      kind: "absent",
    });
  });

  it("is present and empty when the root holds nothing but its mark", async () => {
    const storage = await filesStorage(tree.root);
    expect(await storage.probe?.()).toEqual({ kind: "present", mark: undefined, empty: true });
    const mark = await storage.mark?.();
    expect(await storage.probe?.()).toEqual({ kind: "present", mark, empty: true });
    await mkdir(join(tree.root, "folder"));
    expect(await storage.probe?.()).toEqual({ kind: "present", mark, empty: false });
  });

  it("marks the root once: later calls, and other storages on it, get the same mark", async () => {
    const mark = await (await filesStorage(tree.root)).mark?.();
    expect(mark).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await filesStorage(tree.root)).mark?.()).toBe(mark);
    expect((await readFile(join(tree.root, ".concord-id"), "utf8")).trim()).toBe(mark);
    expect(await readdir(tree.root)).toEqual([".concord-id"]);
  });

  it("keeps a mark written by hand, trimmed", async () => {
    await writeFile(join(tree.root, ".concord-id"), "  my-disk\n");
    expect(await (await filesStorage(tree.root)).mark?.()).toBe("my-disk");
  });

  it("replaces an empty marker file", async () => {
    await writeFile(join(tree.root, ".concord-id"), "");
    const mark = await (await filesStorage(tree.root)).mark?.();
    expect(mark).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readFile(join(tree.root, ".concord-id"), "utf8")).trim()).toBe(mark);
  });

  it("never marks a missing root, nor a read-only one", async () => {
    await expect((await filesStorage(join(tree.sandbox, "unplugged"))).mark?.()).rejects.toMatchObject({
      code: "CollectionError",
    });
    await expect((await filesStorage(tree.root, { read_only: true })).mark?.()).rejects.toMatchObject({
      code: "ReadOnlyError",
    });
    expect(await readdir(tree.root)).toEqual([]);
  });

  it("gives a read-only storage the mark its root has", async () => {
    await writeFile(join(tree.root, ".concord-id"), "disk-1\n");
    expect(await (await filesStorage(tree.root, { read_only: true })).mark?.()).toBe("disk-1");
  });

  it("never creates a missing root when writing", async () => {
    const storage = await filesStorage(tree.root);
    const [info] = await storage.discover();
    if (info === undefined) throw new Error("no collection");
    const collection = storage.open(info);
    await rm(tree.root, { recursive: true });
    await expect(
      collection.create({ size: 0, open: async function* () {} }, "a/b.txt"),
    ).rejects.toMatchObject({ code: "CollectionError" });
    expect(await readdir(tree.sandbox)).toEqual([]);
  });
});
