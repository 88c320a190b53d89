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

/** A line of a generated message: 78 characters and CRLF. */
const lineBytes = 80;

/**
 * For mail, a message of `size` bytes: a header, then lines of text with CRLF ends (IMAP servers
 * refuse NUL bytes, and the line ends must be the ones they store), each chunk of whole lines
 * opening with its number, so that here too a chunk lost, repeated or reordered changes the hash.
 */
function generatedMessage(size: number): Body {
  const header = new TextEncoder().encode(
    "Subject: Large\r\nMessage-ID: <large@conformance.example.org>\r\n\r\n",
  );
  const lines = Math.floor(chunkSize / lineBytes);
  const text = randomBytes(lines * 59).toString("base64");
  const block = new TextEncoder().encode(
    Array.from({ length: lines }, (_, line) => `${text.slice(line * 78, line * 78 + 78)}\r\n`).join(""),
  );
  return {
    async *open() {
      yield header;
      for (let offset = header.length, index = 0; offset < size; offset += block.length, index++) {
        const chunk = new Uint8Array(block.subarray(0, Math.min(block.length, size - offset)));
        chunk.set(new TextEncoder().encode(String(index).padStart(10, "0")).subarray(0, chunk.length));
        // A message cut in the middle of a line must not end in a bare CR.
        if (chunk.at(-1) === 0x0d) chunk[chunk.length - 1] = 0x2e;
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
      if (fetched.body.size !== undefined) expect(fetched.body.size).toBe(largeSize);
      expect(await streamDigest(fetched.body)).toEqual(expected);

      const again = await context.reopen(opened);
      const reread = await fetchItem(again.collection, written.href);
      expect(await streamDigest(reread.body)).toEqual(expected);
    },
  },
] as const satisfies readonly ConformanceCase[];
