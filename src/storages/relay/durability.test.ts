import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { bytesBody } from "../../contract/index.js";
import type { RelayBackend } from "./backends/backend.js";
import { folderBackend } from "./backends/folder-backend.js";
import { PendingSet } from "./pending-set.js";
import { RelayStore } from "./relay-store.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "concord-durable-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The folder backend, with every write and settle it is asked for noted in order. */
function noting(backend: RelayBackend, calls: string[]): RelayBackend {
  return {
    ...backend,
    write: async (key, content) => {
      calls.push(`write ${key.replace(/[0-9a-f]{64}/, "BLOB")}`);
      await backend.write(key, content);
    },
    settle: async (folder) => {
      calls.push(`settle ${folder}`);
      await backend.settle?.(folder);
    },
  };
}

it("a set's blobs are made durable before its index, and its index before it counts", async () => {
  const calls: string[] = [];
  const backend = noting(folderBackend(root), calls);
  await RelayStore.writeRelayFile(backend, { format: 1, places: { home: { manifest: 0, from: {} } } });
  const store = await RelayStore.open(backend, undefined, "relay");
  const pending = new PendingSet(store, { place: "home", seq: 1 });
  const hash = await pending.store(bytesBody(new TextEncoder().encode("notes\n")), "notes.md", undefined);
  pending.add({ path: "notes.md", base: null, hash });
  await pending.publish({});
  await store.writePlaceRecord("home", { acked: { home: 1 }, syncedAt: 0 });
  expect(calls).toEqual([
    "write relay.json",
    "settle ",
    "write blobs/home.1/BLOB",
    "settle blobs/home.1/",
    "write sets/home.1",
    "settle sets/",
    "write places/home",
    "settle places/",
  ]);
});
