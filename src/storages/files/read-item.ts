/**
 * Reading one item for `get`: its version and attributes from `lstat`, and a body that streams a
 * file from disk only when it is opened, a mebibyte at a time: a 50 GiB disk image is never in
 * memory whole.
 *
 * The looks at the entry, and the whole reading of a small file, are synchronous system calls, as
 * the listing's are: a file of a few kilobytes is read from the page cache in microseconds, while
 * each of the six calls of an asynchronous reading costs tens of microseconds of hand-offs to
 * libuv's thread pool. A large file is streamed, so that other work goes on while it is read.
 * @module
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync } from "node:fs";
import { join } from "node:path";
import { bytesBody, type Body, type Fetched, type Href, type Version } from "../../contract/index.js";
import { classify, NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import { attributesOf, requireVersion, typeOf, versionOf } from "./entry-state.js";
import { itemPath } from "./item-path.js";
import { openEntry } from "./open-entry.js";
import { requireParents } from "./tree-folders.js";

const chunkBytes = 1024 * 1024;
/** Files up to this size are read in one synchronous go. */
const smallFileBytes = 64 * 1024;

/** Where a file that was a file is now a link: it changed since it was listed. */
function openFailure(error: unknown, path: string): Error {
  // ELOOP: a symbolic link stands there now.
  if (systemErrorCode(error) === "ELOOP") {
    return new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
  }
  return classify(error, `reading ${path}`);
}

/** A small file's bytes, read at once between two looks at its fingerprint (see `openEntry`). */
function readSmallFile(path: string, size: number, version: Version): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw openFailure(error, path);
  }
  try {
    requireVersion(fstatSync(fd, { bigint: true }), version, path);
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const got = readSync(fd, bytes, read, size - read, read);
      if (got === 0) break;
      read += got;
    }
    requireVersion(fstatSync(fd, { bigint: true }), version, path);
    if (read !== size)
      throw new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
    return bytes;
  } catch (error) {
    throw classify(error, `reading ${path}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's content, read when opened. Each reading checks the fingerprint before and after it, so
 * a file changed since the listing (or while it was read) fails instead of passing off new or torn
 * content as the listed version.
 *
 * A small file is read whole at once. A large one is streamed and the reads stop at the listed
 * size: a stream left to find the end by itself asks for one more chunk, which finds nothing, and
 * allocates a mebibyte for it. A file that grew meanwhile is caught by the second look at its
 * fingerprint.
 *
 * A class, as `bytesBody`'s is: a sync holds one body for every file it copies.
 */
class FileBody implements Body {
  constructor(
    private readonly path: string,
    readonly size: number,
    private readonly version: Version,
  ) {}

  async *open(): AsyncIterable<Uint8Array> {
    const { path, size, version } = this;
    if (size <= smallFileBytes) {
      yield readSmallFile(path, size, version);
      return;
    }
    let handle;
    try {
      handle = await openEntry(path);
    } catch (error) {
      throw openFailure(error, path);
    }
    try {
      requireVersion(await handle.stat({ bigint: true }), version, path);
      yield* handle.createReadStream({
        highWaterMark: chunkBytes,
        start: 0,
        end: size - 1,
        autoClose: false,
      });
      requireVersion(await handle.stat({ bigint: true }), version, path);
    } catch (error) {
      throw classify(error, `reading ${path}`);
    } finally {
      await handle.close();
    }
  }
}

/** A link's body: its target, read between two looks at its fingerprint for the same reason. */
function linkBody(path: string, version: Version): Body {
  const target = readlinkSync(path, { encoding: "buffer" });
  requireVersion(lstatSync(path, { bigint: true }), version, path);
  return bytesBody(target);
}

/** One answer of `get`: the item, or why it cannot be read. */
export async function readItem(root: string, href: Href): Promise<Fetched> {
  let where = join(root, href);
  try {
    const item = itemPath(root, href);
    where = item.path;
    await requireParents(root, item);
    const stats = lstatSync(item.path, { bigint: true });
    const type = typeOf(stats);
    if (type === undefined || (type === "folder") !== item.isFolder) {
      throw new NotFoundError(`${item.path} is no longer ${item.isFolder ? "a folder" : "a file or link"}`, {
        what: item.path,
      });
    }
    const version = versionOf(stats);
    const body =
      type === "file"
        ? new FileBody(item.path, Number(stats.size), version)
        : type === "symlink"
          ? linkBody(item.path, version)
          : bytesBody(new Uint8Array(0));
    return { href, version, attributes: attributesOf(stats, type), body };
  } catch (error) {
    return { href, error: classify(error, `reading ${where}`) };
  }
}
