import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { asHref } from "../../contract/index.js";
import type * as atomicWrite from "../local-fs/atomic-write.js";
import { openTree, textBody, useTempTree } from "./testing/tree.js";

// Which folders a flush makes durable, recorded; the real fsync still runs.
const synced = vi.hoisted(() => [] as string[]);
vi.mock("../local-fs/atomic-write.js", async (importOriginal) => {
  const original = await importOriginal<typeof atomicWrite>();
  return {
    ...original,
    syncFolder: async (folder: string) => {
      await original.syncFolder(folder);
      synced.push(folder);
    },
  };
});

const tree = useTempTree();

describe("files flush", () => {
  it("syncs each folder whose entries changed, once, and none before the flush", async () => {
    const collection = await openTree(tree.root);
    await collection.create(textBody("x"), "a/b/x");
    await collection.create(textBody("y"), "a/b/y");
    expect(synced).toEqual([]);
    await collection.flush?.();
    expect(synced.sort()).toEqual([tree.root, join(tree.root, "a"), join(tree.root, "a/b")]);
    synced.length = 0;
    await collection.flush?.();
    expect(synced).toEqual([]);
  });

  it("syncs the folders holding what a delete removed, skipping those removed with it", async () => {
    const collection = await openTree(tree.root);
    await collection.create(textBody("x"), "a/b/x");
    await collection.flush?.();
    synced.length = 0;
    await collection.delete(asHref("a/b/x"), undefined);
    await collection.flush?.();
    expect(synced).toEqual([tree.root]);
  });
});
