/**
 * Cases for large items: a body far larger than any event, handed over as a stream without its
 * bytes, must be written and read back whole, while the test holds no more than a chunk of it.
 * @module
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Body } from "../../contract/index.js";
import type { ConformanceCase } from "./harness.js";
import { fetchItem, listVersions, streamDigest } from "./samples.js";

const mebibyte = 1024 * 1024;
/** Not a multiple of the chunk size, nor of any power of two. */
const largeSize = 64 * mebibyte + 12_345;
/** Odd-sized chunks, so that no storage can count on aligned ones. */
const chunkSize = mebibyte + 3;

/**
 * A body of `size` bytes made as it is read, the same on every `open()`: each chunk is a copy of
 * one random block with its number written into it, so a chunk lost, repeated or reordered
 * changes the hash. Only the block and one chunk are ever in memory here.
 */
function generatedBody(size: number): Body {
  const block = randomBytes(chunkSize);
  return {
    async *open() {
      for (let offset = 0, index = 0; offset < size; offset += chunkSize, index++) {
        const chunk = new Uint8Array(block.subarray(0, Math.min(chunkSize, size - offset)));
        new DataView(chunk.buffer).setUint32(0, index);
        yield chunk;
      }
    },
  };
}

const encoder = new TextEncoder();

/**
 * A message of `size` bytes made as it is read: a header, then lines of text ending in CRLF, as
 * IMAP carries them. Each chunk is a copy of one block of lines with its number written into it,
 * as `generatedBody`'s are, and the block ends in the CR and starts with the LF of one line end:
 * every chunk boundary splits a CRLF, which a storage that rewrites line ends must carry over.
 */
function generatedMessage(size: number): Body {
  const header = encoder.encode(
    "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: A large message\r\n" +
      "Message-ID: <large@conformance.example.org>\r\nMIME-Version: 1.0\r\n\r\n",
  );
  const text = randomBytes(chunkSize).toString("base64").slice(0, chunkSize);
  const block = encoder.encode(text);
  for (let at = 79; at < chunkSize; at += 80) block.set([0x0d, 0x0a], at - 1);
  block[0] = 0x0a;
  block[chunkSize - 1] = 0x0d;
  return {
    async *open() {
      for (let offset = 0, index = 0; offset < size; offset += chunkSize, index++) {
        const chunk = new Uint8Array(block.subarray(0, Math.min(chunkSize, size - offset)));
        chunk.set(encoder.encode(String(index).padStart(8, "0")), 1);
        if (index === 0) chunk.set(header);
        yield chunk;
      }
    },
  };
}

export const largeCases = [
  {
    name: "a large body given as a stream is written and read back whole",
    skipFor: (samples) =>
      samples.large
        ? undefined
        : `${samples.kind} items are small: the model reads each one whole to hash it (models/pim.ts)`,
    timeout: 180_000,
    async run(context) {
      const { samples } = context;
      const opened = await context.newCollection();
      const body = samples.kind === "message" ? generatedMessage(largeSize) : generatedBody(largeSize);
      const expected = await streamDigest(body);
      expect(expected.size).toBe(largeSize);

      const name = "large/generated.bin";
      const written = await opened.collection.create(body, name, samples.exactNames ? { exact: true } : {});
      if (samples.exactNames) expect(written.href).toBe(name);
      await opened.collection.flush?.();
      const listed = await listVersions(opened.collection);
      expect([...listed.keys()]).toEqual([written.href]);

      const fetched = await fetchItem(opened.collection, written.href);
      expect(fetched.version).toBe(listed.get(written.href));
      if (fetched.body.size !== undefined && context.traits.rewritesItems === undefined) {
        expect(fetched.body.size).toBe(largeSize);
      }
      await context.expectStreamedContent(fetched.body, body);

      const again = await context.reopen(opened);
      const reread = await fetchItem(again.collection, written.href);
      await context.expectStreamedContent(reread.body, body);
    },
  },
] as const satisfies readonly ConformanceCase[];
