/**
 * Content on its way into the tree: written in full under a temp name in the target's folder,
 * then given its real name in one step, so that a reader or a crash sees the old entry or the
 * new one and never half of one. Temp names start with `.concord-tmp-`, which listings skip.
 * @module
 */
import { randomUUID } from "node:crypto";
import { closeSync, fsync, openSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Body } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { writeChunk } from "../local-fs/write-chunk.js";
import { tempPrefix } from "./item-path.js";
import { applyToFd, applyToLink, type WantedAttributes } from "./wanted-attributes.js";

const fsyncFd = promisify(fsync);

/** A written, fsynced temp file, still open. */
export interface TempFile {
  readonly path: string;
  /**
   * Open until the caller closes it: the fingerprint of the published file is read through it, so
   * that it is this file's even if another program replaces the name a moment later.
   */
  readonly fd: number;
}

/** The longest link target Linux takes (PATH_MAX), in bytes. */
const maxLinkTarget = 4096;

const tempPathIn = (folder: string): string => join(folder, `${tempPrefix}${randomUUID()}`);

/**
 * Streams `body` into a new temp file in `folder`, gives it `wanted`'s mode and modification time
 * and fsyncs it. The body is never held whole: chunks are written as they come. The fsync, the one
 * step that waits for the disk, goes through libuv's thread pool: with several files in flight,
 * their fsyncs run together and the file system commits them in fewer journal transactions.
 */
export async function writeTempFile(
  folder: string,
  body: Body,
  wanted: WantedAttributes,
  where: string,
): Promise<TempFile> {
  const path = tempPathIn(folder);
  const fd = openSync(path, "wx");
  try {
    // Counted as written: the file is new and this descriptor its only writer.
    let size = 0;
    for await (const chunk of body.open()) {
      await writeChunk(fd, chunk);
      size += chunk.byteLength;
    }
    if (body.size !== undefined && size !== body.size) {
      throw new InvalidDataError(`${where}: ${size} bytes arrived where ${body.size} were announced`, {
        what: where,
      });
    }
    applyToFd(fd, wanted);
    await fsyncFd(fd);
    return { path, fd };
  } catch (error) {
    closeSync(fd);
    discardTemp(path);
    throw error;
  }
}

/** A symbolic link's body is its target, as bytes; refuses what no link can hold. */
export async function linkTarget(body: Body, where: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body.open()) {
    chunks.push(chunk);
    length += chunk.byteLength;
    if (length > maxLinkTarget) break;
  }
  const target = Buffer.concat(chunks);
  if (target.length === 0 || target.length > maxLinkTarget || target.includes(0)) {
    throw new InvalidDataError(
      `${where}: not a usable link target (empty, over ${maxLinkTarget} bytes, or holding a NUL)`,
      {
        what: where,
      },
    );
  }
  return target;
}

/** Makes a symbolic link to `target` under a temp name in `folder`, with `wanted`'s modification time. */
export function makeTempLink(folder: string, target: Buffer, wanted: WantedAttributes): string {
  const path = tempPathIn(folder);
  symlinkSync(target, path);
  try {
    applyToLink(path, wanted);
  } catch (error) {
    discardTemp(path);
    throw error;
  }
  return path;
}
