/**
 * The root's presence and its mark: a `.concord-id` file holding a random id, which tells this
 * tree from an empty mount point or another disk mounted in its place (see `Storage.mark`).
 * @module
 */
import { randomUUID } from "node:crypto";
import { closeSync } from "node:fs";
import { readdir, readFile, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { bytesBody, type Presence } from "../../contract/index.js";
import { classify } from "../../errors/index.js";
import { discardTemp, syncFolder } from "../local-fs/atomic-write.js";
import { isMissing, systemErrorCode } from "../local-fs/system-error.js";
import { markerName } from "./item-path.js";
import { publishNew } from "./publish.js";
import { writeTempFile } from "./temp-entry.js";
import { requireRoot } from "./tree-folders.js";

/** The root's mark, or undefined when it has none (an empty marker file counts as none). */
async function readMark(root: string): Promise<string | undefined> {
  const path = join(root, markerName);
  try {
    const mark = (await readFile(path, "utf8")).trim();
    return mark === "" ? undefined : mark;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw classify(error, `reading ${path}`);
  }
}

export async function probeRoot(root: string): Promise<Presence> {
  try {
    if (!(await stat(root)).isDirectory()) return { kind: "absent", why: `${root} is not a folder` };
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { kind: "absent", why: `${root} does not exist (is the disk plugged in?)` };
    }
    throw classify(error, `reading ${root}`);
  }
  try {
    const names = await readdir(root);
    return {
      kind: "present",
      mark: await readMark(root),
      empty: names.every((name) => name === markerName),
    };
  } catch (error) {
    throw classify(error, `listing ${root}`);
  }
}

/**
 * The root's mark, made now if it has none: `fresh()` (a random id by default) written to a temp
 * file, fsynced, and given its name without replacing a marker another run may have written
 * meanwhile. A mark already there is returned as it is.
 */
export async function markRoot(root: string, fresh: () => string = randomUUID): Promise<string> {
  await requireRoot(root);
  const existing = await readMark(root);
  if (existing !== undefined) return existing;
  const path = join(root, markerName);
  const mark = fresh();
  try {
    const temp = await writeTempFile(root, bytesBody(new TextEncoder().encode(`${mark}\n`)), {}, path);
    try {
      if (!publishNew(temp.path, path)) {
        // Another run marked it first: its mark wins. An empty marker (a crash while writing one
        // on a disk without hard links) holds nothing to keep and is replaced.
        const theirs = await readMark(root);
        if (theirs !== undefined) return theirs;
        await rename(temp.path, path);
      }
    } finally {
      closeSync(temp.fd);
      discardTemp(temp.path);
    }
    await syncFolder(root);
    return mark;
  } catch (error) {
    throw classify(error, `marking ${root}`);
  }
}
