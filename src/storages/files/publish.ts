/**
 * Giving a fully written temp file its real name without ever replacing what has that name.
 * @module
 */
import { link, lstat, rename, unlink } from "node:fs/promises";
import { isHardLinkUnsupported, isMissing, systemErrorCode } from "../local-fs/system-error.js";

/**
 * Gives the entry at `temp` the name `target` unless something has that name already; answers
 * whether it did. `link` fails on a taken name, so no other writer's file is ever replaced, and
 * the temp name stays for the caller to remove.
 *
 * Disks without hard links (FAT, exFAT: most USB sticks) get a check followed by `rename`, which
 * consumes the temp name; another program creating `target` between the two is the one race
 * that leaves, and a rename is the only atomic way to give a streamed file its name there.
 */
export async function publishNew(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    if (systemErrorCode(error) === "EEXIST") return false;
    if (!isHardLinkUnsupported(error)) throw error;
  }
  if (await exists(target)) return false;
  await rename(temp, target);
  return true;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Removes the old name of an entry given a new one by `publishNew`; gone already (renamed) is fine. */
export async function dropOldName(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
