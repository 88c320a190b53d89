/**
 * Giving a fully written temp file its real name without ever replacing what has that name.
 * Synchronous: these change folder entries alone, microseconds in the kernel.
 * @module
 */
import { linkSync, lstatSync, renameSync, unlinkSync } from "node:fs";
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
export function publishNew(temp: string, target: string): boolean {
  try {
    linkSync(temp, target);
    return true;
  } catch (error) {
    if (systemErrorCode(error) === "EEXIST") return false;
    if (!isHardLinkUnsupported(error)) throw error;
  }
  if (exists(target)) return false;
  renameSync(temp, target);
  return true;
}

export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Removes the old name of an entry given a new one by `publishNew`; gone already (renamed) is fine. */
export function dropOldName(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
