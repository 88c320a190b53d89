/**
 * Reading one item for `get`: its version and attributes from `lstat`, and a body that streams a
 * file from disk only when it is opened, a mebibyte at a time: a 50 GiB disk image is never in
 * memory whole.
 * @module
 */
import { lstat, readlink } from "node:fs/promises";
import { join } from "node:path";
import { bytesBody, type Body, type Fetched, type Href, type Version } from "../../contract/index.js";
import { classify, NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import { attributesOf, requireVersion, typeOf, versionOf } from "./entry-state.js";
import { itemPath } from "./item-path.js";
import { openEntry } from "./open-entry.js";
import { requireParents } from "./tree-folders.js";

const chunkBytes = 1024 * 1024;

/**
 * A file's content, read when opened. Each reading checks the fingerprint before and after it, so
 * a file changed since the listing (or while it was read) fails instead of passing off new or torn
 * content as the listed version.
 *
 * The reads stop at the listed size, in buffers no larger than the file: a stream left to find the
 * end by itself allocates a whole chunk for every read, the one that finds nothing included, and
 * for 100,000 files of 4 kB that is 200 GB of buffers for the garbage collector. A file that grew
 * meanwhile is caught by the second look at its fingerprint.
 */
function fileBody(path: string, size: number, version: Version): Body {
  return {
    size,
    async *open() {
      let handle;
      try {
        handle = await openEntry(path);
      } catch (error) {
        // ELOOP: a symbolic link stands there now.
        if (systemErrorCode(error) === "ELOOP") {
          throw new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
        }
        throw classify(error, `reading ${path}`);
      }
      try {
        requireVersion(await handle.stat({ bigint: true }), version, path);
        if (size > 0) {
          yield* handle.createReadStream({
            highWaterMark: Math.min(size, chunkBytes),
            start: 0,
            end: size - 1,
            autoClose: false,
          });
        }
        requireVersion(await handle.stat({ bigint: true }), version, path);
      } catch (error) {
        throw classify(error, `reading ${path}`);
      } finally {
        await handle.close();
      }
    },
  };
}

/** A link's body: its target, read between two looks at its fingerprint for the same reason. */
async function linkBody(path: string, version: Version): Promise<Body> {
  const target = await readlink(path, { encoding: "buffer" });
  requireVersion(await lstat(path, { bigint: true }), version, path);
  return bytesBody(target);
}

/** One answer of `get`: the item, or why it cannot be read. */
export async function readItem(root: string, href: Href): Promise<Fetched> {
  let where = join(root, href);
  try {
    const item = itemPath(root, href);
    where = item.path;
    await requireParents(root, item);
    const stats = await lstat(item.path, { bigint: true });
    const type = typeOf(stats);
    if (type === undefined || (type === "folder") !== item.isFolder) {
      throw new NotFoundError(`${item.path} is no longer ${item.isFolder ? "a folder" : "a file or link"}`, {
        what: item.path,
      });
    }
    const version = versionOf(stats);
    const body =
      type === "file"
        ? fileBody(item.path, Number(stats.size), version)
        : type === "symlink"
          ? await linkBody(item.path, version)
          : bytesBody(new Uint8Array(0));
    return { href, version, attributes: attributesOf(stats, type), body };
  } catch (error) {
    return { href, error: classify(error, `reading ${where}`) };
  }
}
