/**
 * Writing a chunk of a file being made. Chunks up to `syncWriteBytes` are written with a
 * synchronous call: from the page cache that takes microseconds, less than a hand-off to libuv's
 * thread pool. Larger ones go through the pool, so that reading and writing a large file overlap.
 * @module
 */
import { write, writeSync } from "node:fs";
import { promisify } from "node:util";

const writeFd = promisify(write);

const syncWriteBytes = 64 * 1024;

/** Writes the whole chunk at the file's current position. */
export async function writeChunk(fd: number, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    written +=
      chunk.byteLength <= syncWriteBytes
        ? writeSync(fd, chunk, written)
        : (await writeFd(fd, chunk, written, chunk.byteLength - written)).bytesWritten;
  }
}
