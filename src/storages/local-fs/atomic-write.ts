/**
 * Writing files so that readers and crashes only ever see the old content or the new one, never a
 * mix: content goes to a hidden temp file in the target's folder, is fsynced, and is then
 * published by `rename` (replacing) or `link` (never replacing). Temp files are hidden, so every
 * program that reads the folder (concord itself, khal, khard) ignores them.
 * @module
 */
import { randomUUID } from "node:crypto";
import { closeSync, fstatSync, fsync, linkSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { promisify } from "node:util";
import { dirname, join } from "node:path";
import type { Version } from "../../contract/index.js";
import { fingerprintOf } from "./fingerprint.js";
import { isHardLinkUnsupported, isMissing, systemErrorCode } from "./system-error.js";

/** A written, fsynced temp file, and the fingerprint the published file will have. */
export interface TempFile {
  readonly path: string;
  readonly version: Version;
}

/** Where `createNew` put the content. */
export interface Published {
  readonly name: string;
  readonly version: Version;
}

const fsyncFd = promisify(fsync);

/**
 * Writes `content` to a file that must not exist yet, fsyncs it and returns its fingerprint. The
 * `wx` flag makes the creation itself exclusive. All but the fsync are synchronous calls: for an
 * event or a contact they take microseconds, less than a trip through libuv's thread pool; the
 * fsync, which waits for the disk, goes through the pool so that several wait together.
 */
async function writeExclusive(path: string, content: Uint8Array): Promise<Version> {
  const fd = openSync(path, "wx", 0o644);
  try {
    for (let written = 0; written < content.byteLength;) {
      written += writeSync(fd, content, written);
    }
    await fsyncFd(fd);
    return fingerprintOf(fstatSync(fd, { bigint: true }));
  } finally {
    closeSync(fd);
  }
}

/** Writes `content` to a new hidden file in `folder` and fsyncs it. */
export async function writeTemp(folder: string, content: Uint8Array): Promise<TempFile> {
  const path = join(folder, `.concord-${randomUUID()}.tmp`);
  try {
    // Rename and link keep inode, size and mtime, so this is the published file's fingerprint.
    return { path, version: await writeExclusive(path, content) };
  } catch (error) {
    discardTemp(path);
    throw error;
  }
}

/** Removes a temp file that was not published; a temp file already gone is fine. */
export function discardTemp(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/** Publishes `temp` as `target`, replacing whatever is there. */
export function publishOver(temp: TempFile, target: string): void {
  renameSync(temp.path, target);
}

/**
 * Writes `content` in `folder` under the first of `names` that is free, never replacing an
 * existing file, even one created a moment ago by another program. Returns undefined when every
 * name is taken.
 *
 * File systems without hard links get exclusive creation instead: it never replaces anything
 * either, but a reader may see the file half written, and a crash may leave it so; there is no
 * better primitive there.
 */
export async function createNew(
  folder: string,
  names: Iterable<string>,
  content: Uint8Array,
): Promise<Published | undefined> {
  const temp = await writeTemp(folder, content);
  let linksWork = true;
  try {
    for (const name of names) {
      const target = join(folder, name);
      try {
        if (linksWork) {
          try {
            linkSync(temp.path, target);
            return { name, version: temp.version };
          } catch (error) {
            if (!isHardLinkUnsupported(error)) throw error;
            linksWork = false;
          }
        }
        return { name, version: await writeExclusive(target, content) };
      } catch (error) {
        if (systemErrorCode(error) !== "EEXIST") throw error;
      }
    }
    return undefined;
  } finally {
    discardTemp(temp.path);
  }
}

/** Makes the creations, renames and removals of entries in `folder` durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces the file at `path` with `content` atomically and durably (folder entry included). */
export async function writeFileAtomic(path: string, content: Uint8Array): Promise<void> {
  const folder = dirname(path);
  const temp = await writeTemp(folder, content);
  try {
    publishOver(temp, path);
  } catch (error) {
    discardTemp(temp.path);
    throw error;
  }
  await syncFolder(folder);
}
