/**
 * Content on its way into the tree: written in full under a temp name in the target's folder,
 * then given its real name in one step, so that a reader or a crash sees the old entry or the
 * new one and never half of one. Temp names start with `.concord-tmp-`, which listings skip.
 * @module
 */
import { randomUUID } from "node:crypto";
import { open, symlink, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Body } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import { discardTemp } from "../local-fs/atomic-write.js";
import { tempPrefix } from "./item-path.js";
import { applyToHandle, applyToLink, type WantedAttributes } from "./wanted-attributes.js";

/** A written, fsynced temp file, still open. */
export interface TempFile {
  readonly path: string;
  /**
   * Open until the caller is done: the fingerprint of the published file is read through it, so
   * that it is this file's even if another program replaces the name a moment later.
   */
  readonly handle: FileHandle;
}

/** The longest link target Linux takes (PATH_MAX), in bytes. */
const maxLinkTarget = 4096;

const tempPathIn = (folder: string): string => join(folder, `${tempPrefix}${randomUUID()}`);

/**
 * Streams `body` into a new temp file in `folder`, gives it `wanted`'s mode and modification time
 * and fsyncs it. The body is never held whole: chunks are written as they come.
 */
export async function writeTempFile(
  folder: string,
  body: Body,
  wanted: WantedAttributes,
  where: string,
): Promise<TempFile> {
  const path = tempPathIn(folder);
  const handle = await open(path, "wx");
  try {
    // Counted as written: the file is new and this handle its only writer.
    let size = 0;
    await writeFile(
      handle,
      (async function* () {
        for await (const chunk of body.open()) {
          size += chunk.byteLength;
          yield chunk;
        }
      })(),
    );
    if (body.size !== undefined && size !== body.size) {
      throw new InvalidDataError(`${where}: ${size} bytes arrived where ${body.size} were announced`, {
        what: where,
      });
    }
    await applyToHandle(handle, wanted);
    await handle.sync();
    return { path, handle };
  } catch (error) {
    await handle.close();
    await discardTemp(path);
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
export async function makeTempLink(
  folder: string,
  target: Buffer,
  wanted: WantedAttributes,
): Promise<string> {
  const path = tempPathIn(folder);
  await symlink(target, path);
  try {
    await applyToLink(path, wanted);
  } catch (error) {
    await discardTemp(path);
    throw error;
  }
  return path;
}
