import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { folderBackend } from "./backends/folder-backend.js";
import { cutIntoParts, partCount, partName, partSize } from "./blob-parts.js";
import { blobFolder } from "./keys.js";
import { RelayStore, checkText } from "./relay-store.js";
import { deriveSealing, newKeyParameters } from "./sealing.js";

async function* chunksOf(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, at + size);
}

async function collect(content: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("cutIntoParts", () => {
  it.each([0, 1, 9, 10, 11, 30, 31])("cuts %i bytes into full parts of 10 and the rest", async (length) => {
    const bytes = randomBytes(length);
    for (const chunk of [1, 3, 10, 64]) {
      const parts: Buffer[] = [];
      for await (const part of cutIntoParts(chunksOf(bytes, chunk), 10)) parts.push(part);
      expect(parts.length).toBe(Math.max(1, Math.ceil(length / 10)));
      expect(parts.slice(0, -1).every((part) => part.byteLength === 10)).toBe(true);
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    }
  });
});

describe("blobs in parts on a relay", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "concord-parts-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const set = { place: "home", seq: 1 };
  const content = randomBytes(2 * partSize + 12345);
  const hash = createHash("sha256").update(content).digest("hex");

  /** A relay in `root`, encrypted when given a passphrase. */
  async function relayStore(passphrase?: string): Promise<RelayStore> {
    const backend = folderBackend(root);
    let encryption;
    if (passphrase !== undefined) {
      const kdf = { ...newKeyParameters(), N: 2 ** 10 };
      const sealing = await deriveSealing(passphrase, kdf);
      encryption = { kdf, check: Buffer.from(sealing.seal(Buffer.from(checkText))).toString("base64") };
    }
    await RelayStore.writeRelayFile(backend, {
      format: 1,
      places: { home: { manifest: 0, from: {} } },
      ...(encryption ? { encryption } : {}),
    });
    return RelayStore.open(backend, passphrase, "relay");
  }

  const folder = () => join(root, blobFolder(set));

  it.each([undefined, "secret"])(
    "stores a large content as parts and reads it back whole (passphrase %s)",
    async (passphrase) => {
      const store = await relayStore(passphrase);
      await store.writeBlob(set, hash, chunksOf(content, 65536), new Map());
      const name = store.sealing.blobName(hash);
      expect((await readdir(folder())).sort()).toEqual([1, 2, 3].map((part) => partName(name, part)).sort());
      expect(partCount(content.byteLength)).toBe(3);
      expect((await collect(store.openBlob(set, hash, content.byteLength))).equals(content)).toBe(true);
    },
  );

  it("skips the parts a killed run uploaded, and writes the rest and those cut off", async () => {
    const store = await relayStore();
    const name = store.sealing.blobName(hash);
    await store.writeBlob(set, hash, chunksOf(content, 65536), new Map());
    await rm(join(folder(), partName(name, 3)));
    const first = await stat(join(folder(), name));
    const sizes = new Map((await readdir(folder())).map((file) => [file, partSize]));
    await writeFile(join(folder(), partName(name, 2)), content.subarray(partSize, 2 * partSize - 1)); // cut off
    const cut = await stat(join(folder(), partName(name, 2)));
    await store.writeBlob(
      set,
      hash,
      chunksOf(content, 65536),
      new Map([...sizes, [partName(name, 2), cut.size]]),
    );
    expect((await stat(join(folder(), name))).ino).toBe(first.ino);
    expect((await stat(join(folder(), partName(name, 2)))).size).toBe(partSize);
    expect((await collect(store.openBlob(set, hash, content.byteLength))).equals(content)).toBe(true);
  });

  it.each([undefined, "secret"])(
    "refuses parts put together in another order (passphrase %s)",
    async (passphrase) => {
      const store = await relayStore(passphrase);
      const other = randomBytes(2 * partSize);
      const otherHash = createHash("sha256").update(other).digest("hex");
      await store.writeBlob(set, otherHash, chunksOf(other, 65536), new Map());
      const name = store.sealing.blobName(otherHash);
      await rename(join(folder(), name), join(folder(), "swap"));
      await rename(join(folder(), partName(name, 2)), join(folder(), name));
      await rename(join(folder(), "swap"), join(folder(), partName(name, 2)));
      await expect(collect(store.openBlob(set, otherHash, other.byteLength))).rejects.toThrow(
        /does not hold the content its change set names/,
      );
    },
  );

  it("refuses a content cut short", async () => {
    const store = await relayStore();
    await store.writeBlob(set, hash, chunksOf(content, 65536), new Map());
    await rm(join(folder(), partName(store.sealing.blobName(hash), 3)));
    await expect(collect(store.openBlob(set, hash, content.byteLength))).rejects.toThrow(
      /is not on the relay/,
    );
  });
});
