import type * as fs from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { asHref } from "../../contract/index.js";
import { filesStorage, listed, openTree, textBody, useTempTree } from "./testing/tree.js";

// A file system without hard links, such as FAT or exFAT on a USB stick.
const linkSync = vi.hoisted(() =>
  vi.fn(() => {
    throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
  }),
);
vi.mock("node:fs", async (importOriginal) => {
  const original = await importOriginal<typeof fs>();
  return { ...original, linkSync, default: { ...original, linkSync } };
});

const tree = useTempTree();

describe("files without hard links", () => {
  it("creates without replacing, and leaves no temp file", async () => {
    const collection = await openTree(tree.root);
    await writeFile(join(tree.root, "taken"), "theirs");
    const written = await collection.create(textBody("ours"), "new");
    await expect(collection.create(textBody("ours"), "taken")).rejects.toMatchObject({
      code: "PreconditionFailedError",
    });
    expect(linkSync).toHaveBeenCalled();
    expect(written.version).toBe((await listed(collection, "new")).version);
    expect(await readFile(join(tree.root, "taken"), "utf8")).toBe("theirs");
    expect((await readdir(tree.root)).sort()).toEqual(["new", "taken"]);
  });

  it("moves a file", async () => {
    const collection = await openTree(tree.root);
    await collection.create(textBody("a"), "a");
    await collection.move?.(asHref("a"), undefined, "sub/b");
    expect(await readFile(join(tree.root, "sub/b"), "utf8")).toBe("a");
    expect(await readdir(tree.root)).toEqual(["sub"]);
  });

  it("marks the root", async () => {
    const mark = await (await filesStorage(tree.root)).mark?.();
    expect((await readFile(join(tree.root, ".concord-id"), "utf8")).trim()).toBe(mark);
    expect(await readdir(tree.root)).toEqual([".concord-id"]);
  });
});
