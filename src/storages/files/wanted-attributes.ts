/**
 * Attributes a write is asked to give an entry, read from the strings they travel as, and put on
 * the entry.
 * @module
 */
import { fchmodSync, futimesSync, lutimesSync } from "node:fs";
import type { Attributes } from "../../contract/index.js";
import { InvalidDataError } from "../../errors/index.js";
import { fileAttributes, type FileType } from "../../models/file.js";

export interface WantedAttributes {
  readonly type?: FileType;
  /** Permission bits to set. */
  readonly mode?: number;
  /** Modification time in nanoseconds since the epoch. */
  readonly mtime?: bigint;
}

const fileTypes: readonly string[] = ["file", "symlink", "folder"] satisfies FileType[];

/**
 * setuid and setgid are never set on a written file: a tree synchronised from another machine
 * must not be able to plant a program that runs with its owner's rights (Unison does the same).
 * The listing then shows the mode without them, and that is what the write reports.
 */
const writableModeBits = 0o1777;

/** The attributes to give an entry; InvalidDataError naming `where` for a value that is not one. */
export function wantedAttributes(attributes: Attributes | undefined, where: string): WantedAttributes {
  const type = attributes?.[fileAttributes.type];
  const mode = attributes?.[fileAttributes.mode];
  const mtime = attributes?.[fileAttributes.mtime];
  const refuse = (name: string, value: string): never => {
    throw new InvalidDataError(`not a valid ${name} for ${where}: ${JSON.stringify(value)}`, { what: where });
  };
  if (type !== undefined && !fileTypes.includes(type)) refuse("type", type);
  if (mode !== undefined && !/^[0-7]{1,4}$/.test(mode)) refuse("mode", mode);
  if (mtime !== undefined && !/^-?[0-9]{1,20}$/.test(mtime)) refuse("mtime", mtime);
  return {
    type: type as FileType | undefined,
    mtime: mtime === undefined ? undefined : BigInt(mtime),
    mode: mode === undefined ? undefined : parseInt(mode, 8) & writableModeBits,
  };
}

/**
 * The seconds to hand Node's `utimes` so that an entry gets the time `ns` to the microsecond, the
 * finest it can set: the seconds travel as a double (about 240 ns apart at today's dates) and
 * libuv truncates them to the microsecond, so aiming at the middle of the microsecond keeps the
 * double's rounding from landing in the one before. The write then reports the time the entry has.
 */
function utimesSeconds(ns: bigint): number {
  const flooredMicros = ns / 1000n - (ns < 0n && ns % 1000n !== 0n ? 1n : 0n);
  return (Number(flooredMicros) + 0.5) / 1e6;
}

/**
 * Gives an open file or folder its mode and modification time. Through its descriptor, so that an
 * entry replaced by a symbolic link meanwhile is never followed out of the tree. Synchronous, as
 * the other looks and small changes of this storage are: each is a few microseconds in the kernel,
 * where a trip through libuv's thread pool costs tens.
 */
export function applyToFd(fd: number, wanted: WantedAttributes): void {
  if (wanted.mode !== undefined) fchmodSync(fd, wanted.mode);
  if (wanted.mtime !== undefined) futimesSync(fd, Date.now() / 1000, utimesSeconds(wanted.mtime));
}

/** Gives a symbolic link its modification time, without following it (its mode cannot be set on Linux). */
export function applyToLink(path: string, wanted: WantedAttributes): void {
  if (wanted.mtime !== undefined) lutimesSync(path, Date.now() / 1000, utimesSeconds(wanted.mtime));
}
