/**
 * A message on its way into a Maildir: streamed into a new file in `tmp/` with LF line ends, to be
 * fsynced before the rename into `new/` or `cur/` publishes it whole
 * (https://cr.yp.to/proto/maildir.html). Mail is private: the file is made `0600`, as mbsync and
 * Dovecot make it.
 * @module
 */
import { type BigIntStats, closeSync, fstatSync, fsync, open } from "node:fs";
import { promisify } from "node:util";
import type { Body } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { writeChunk } from "../local-fs/write-chunk.js";
import { withLfLineEnds } from "./line-ends.js";

const openFd = promisify(open);
const fsyncFd = promisify(fsync);

/** Counts what passes, to compare with what the body announced. */
async function* counted(chunks: AsyncIterable<Uint8Array>, count: { bytes: number }) {
  for await (const chunk of chunks) {
    count.bytes += chunk.byteLength;
    yield chunk;
  }
}

/** A message written to its temp file, not yet durable: `durable` fsyncs and closes it. */
export interface WrittenMessage {
  /** What a rename keeps: inode, size, modification time. */
  readonly stats: BigIntStats;
  durable(): Promise<void>;
  /** Closes the file without making it durable (it is being discarded). */
  close(): void;
}

/**
 * Writes `body` to the new file `path` and returns its stats, the file still open: many
 * deliveries are made durable together (`durable`), since an fsync each, one after another,
 * waits on the file system's journal as many times. `where` names the message in errors. The file
 * is removed when anything fails.
 */
export async function writeMessageFile(path: string, body: Body, where: string): Promise<WrittenMessage> {
  // Through the thread pool, unlike the writes: creating a file waits for the file system's
  // journal while the fsyncs of other deliveries commit it, and the main thread has better to do.
  const fd = await openFd(path, "wx", 0o600);
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
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
    const stats = fstatSync(fd, { bigint: true });
    return {
      stats,
      async durable() {
        try {
          await fsyncFd(fd);
        } finally {
          close();
        }
      },
      close,
    };
  } catch (error) {
    close();
    discardTemp(path);
    throw error;
  }
}
