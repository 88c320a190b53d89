/**
 * A message file's content, read only when it is opened: a small message at once with synchronous
 * calls (microseconds from the page cache), a large one streamed a mebibyte at a time, so a
 * message with a 50 MB attachment is never in memory whole.
 *
 * A mail client may rename the file (a flag changed) between the listing and the reading; the
 * body then finds it again by its unique part. Each reading checks before and after it that the
 * file's content is the one listed (inode, size, modification time), so new or torn content is
 * never passed off as the listed version.
 * @module
 */
import {
  type BigIntStats,
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  openSync,
  readSync,
} from "node:fs";
import type { Body, Version } from "../../contract/index.js";
import { classify, NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import { fingerprintOf } from "../local-fs/fingerprint.js";
import { isMissing } from "../local-fs/system-error.js";

const chunkBytes = 1024 * 1024;
/** Messages up to this size are read in one synchronous go. */
const smallMessageBytes = 256 * 1024;

/** Where a message's file is now: `again` looks in the folder anew, after the known path failed. */
export type MessagePath = (again: boolean) => string | undefined;

function requireContent(stats: BigIntStats, content: Version, path: string): void {
  if (fingerprintOf(stats) !== content) {
    throw new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
  }
}

/** Opens the message where it is, or where it went; NotFoundError when it is gone. */
function openMessage(pathOf: MessagePath): { fd: number; path: string } {
  for (const again of [false, true]) {
    const path = pathOf(again);
    if (path === undefined) continue;
    try {
      return { fd: openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK), path };
    } catch (error) {
      if (!isMissing(error)) throw classify(error, `reading ${path}`);
    }
  }
  const last = pathOf(false) ?? "the message";
  throw new NotFoundError(`${last} is gone`, { what: last });
}

/** A class, as `bytesBody`'s is: a sync holds one body for every message it copies. */
export class MessageFileBody implements Body {
  /**
   * @param content the listed file's fingerprint (`fingerprintOf`), which a rename keeps
   */
  constructor(
    private readonly pathOf: MessagePath,
    readonly size: number,
    private readonly content: Version,
  ) {}

  async *open(): AsyncIterable<Uint8Array> {
    const { fd, path } = openMessage(this.pathOf);
    if (this.size <= smallMessageBytes) {
      try {
        yield this.#readSmall(fd, path);
      } finally {
        closeSync(fd);
      }
      return;
    }
    try {
      requireContent(fstatSync(fd, { bigint: true }), this.content, path);
      yield* createReadStream(path, {
        fd,
        highWaterMark: chunkBytes,
        start: 0,
        end: this.size - 1,
        autoClose: false,
      });
      requireContent(fstatSync(fd, { bigint: true }), this.content, path);
    } catch (error) {
      throw classify(error, `reading ${path}`);
    } finally {
      closeSync(fd);
    }
  }

  #readSmall(fd: number, path: string): Buffer {
    try {
      requireContent(fstatSync(fd, { bigint: true }), this.content, path);
      const bytes = Buffer.allocUnsafe(this.size);
      let read = 0;
      while (read < this.size) {
        const got = readSync(fd, bytes, read, this.size - read, read);
        if (got === 0) break;
        read += got;
      }
      requireContent(fstatSync(fd, { bigint: true }), this.content, path);
      if (read !== this.size)
        throw new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
      return bytes;
    } catch (error) {
      throw classify(error, `reading ${path}`);
    }
  }
}
