/**
 * Whether what a disk is to receive fits on it: the sizes to write, each rounded up to the file
 * system's blocks, against the space free for this user. Checked before anything is copied, so a
 * disk that would fill up is refused whole rather than left half written.
 * @module
 */
import { statfs } from "node:fs/promises";

export interface Space {
  /** Bytes to write. */
  readonly bytes: number;
  /** Bytes the writes take, in whole blocks. */
  readonly needed: number;
  /** Bytes free on the disk. */
  readonly free: number;
}

export async function spaceFor(folder: string, sizes: readonly number[]): Promise<Space> {
  const stats = await statfs(folder);
  const block = stats.bsize > 0 ? stats.bsize : 4096;
  const needed = sizes.reduce((sum, size) => sum + Math.ceil(size / block) * block, 0);
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  return { bytes, needed, free: stats.bavail * stats.bsize };
}

/** `1.5 MB`, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
