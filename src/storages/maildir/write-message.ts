/**
 * A message on its way into a Maildir: streamed into a new file in `tmp/` with LF line ends and
 * fsynced, so that the rename into `new/` or `cur/` that follows publishes it whole
 * (https://cr.yp.to/proto/maildir.html). Mail is private: the file is made `0600`, as mbsync and
 * Dovecot make it.
 * @module
 */
import { type BigIntStats, closeSync, fstatSync, fsync, openSync, write, writeSync } from "node:fs";
import { promisify } from "node:util";
import type { Body } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { withLfLineEnds } from "./line-ends.js";

const writeFd = promisify(write);
const fsyncFd = promisify(fsync);

/**
 * Chunks up to this size are written with a synchronous call: from the page cache that takes
 * microseconds, less than a hand-off to libuv's thread pool. Larger ones go through the pool, so
 * that reading and writing a large message overlap.
 */
const syncWriteBytes = 64 * 1024;

async function writeChunk(fd: number, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    written +=
      chunk.byteLength <= syncWriteBytes
        ? writeSync(fd, chunk, written)
        : (await writeFd(fd, chunk, written, chunk.byteLength - written)).bytesWritten;
  }
}

/** Counts what passes, to compare with what the body announced. */
async function* counted(chunks: AsyncIterable<Uint8Array>, count: { bytes: number }) {
  for await (const chunk of chunks) {
    count.bytes += chunk.byteLength;
    yield chunk;
  }
}

/**
 * Writes `body` to the new file `path`, fsyncs it and returns its stats, which a rename keeps
 * (inode, size, modification time). `where` names the message in errors. The file is removed when
 * anything fails.
 */
export async function writeMessageFile(path: string, body: Body, where: string): Promise<BigIntStats> {
  const fd = openSync(path, "wx", 0o600);
  try {
    const arrived = { bytes: 0 };
    for await (const chunk of withLfLineEnds(counted(body.open(), arrived))) await writeChunk(fd, chunk);
    if (body.size !== undefined && arrived.bytes !== body.size) {
      throw new InvalidDataError(
        `${where}: ${arrived.bytes} bytes arrived where ${body.size} were announced`,
        {
          what: where,
        },
      );
    }
    await fsyncFd(fd);
    return fstatSync(fd, { bigint: true });
  } catch (error) {
    discardTemp(path);
    throw error;
  } finally {
    closeSync(fd);
  }
}
