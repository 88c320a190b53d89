/**
 * Opening an entry of the tree for reading or for changing its attributes, in a way that never
 * leaves the tree and never hangs.
 * @module
 */
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

/**
 * Opens the file or folder at `path`. `O_NOFOLLOW` refuses a symbolic link put there since it was
 * looked at (ELOOP) instead of opening what it points to; `O_NONBLOCK` makes opening a FIFO put
 * there return at once instead of waiting for a writer (it changes nothing for files).
 */
export function openEntry(path: string): Promise<FileHandle> {
  return open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
}
