import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Body } from "../../contract/index.js";
import { fetchOne, openTree, useTempTree } from "./testing/tree.js";

const tree = useTempTree();

const mebibyte = 1024 * 1024;
const chunks = 64;

/**
 * 64 MiB made one chunk at a time as it is read, so that the test itself never holds the whole
 * content: one random mebibyte, each copy stamped with its index.
 */
function generatedBody(): Body {
  const block = randomBytes(mebibyte);
  return {
    size: chunks * mebibyte,
    async *open() {
      for (let index = 0; index < chunks; index++) {
        const chunk = Buffer.from(block);
        chunk.writeUInt32BE(index, 0);
        yield chunk;
      }
    },
  };
}

/** The SHA-256 of a body, and the largest chunk it came in. */
async function digest(body: Body): Promise<{ hash: string; largestChunk: number }> {
  const hash = createHash("sha256");
  let largestChunk = 0;
  for await (const chunk of body.open()) {
    hash.update(chunk);
    largestChunk = Math.max(largestChunk, chunk.byteLength);
  }
  return { hash: hash.digest("hex"), largestChunk };
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

describe("files with a 64 MiB file", () => {
  it("streams it through create and get, a mebibyte at a time, into another tree", async () => {
    const source = await openTree(tree.root);
    const body = generatedBody();
    const expected = (await digest(body)).hash;
    await source.create(body, "disk.img");
    expect(await fileHash(join(tree.root, "disk.img"))).toBe(expected);

    const fetched = await fetchOne(source, "disk.img");
    if ("error" in fetched) throw fetched.error;
    expect(fetched.body.bytes).toBeUndefined();
    expect(fetched.body.size).toBe(chunks * mebibyte);
    expect(await digest(fetched.body)).toEqual({ hash: expected, largestChunk: mebibyte });

    const copyRoot = join(tree.sandbox, "copy");
    await mkdir(copyRoot);
    const copy = await openTree(copyRoot);
    await copy.create(fetched.body, "images/disk.img", { exact: true, attributes: fetched.attributes });
    expect(await fileHash(join(copyRoot, "images/disk.img"))).toBe(expected);
  });
});
