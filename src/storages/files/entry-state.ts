/**
 * What an entry's `lstat` tells the storage: its type, its version and its attributes, all
 * without reading its content.
 *
 * The version is `size.mtime_ns.inode.ctime_ns`. The inode changes with every atomic write, so
 * two writes in one clock tick still differ; the ctime changes with every change of content or
 * attributes, even one whose author put the old mtime back (`cp -p`, `rsync -t`, `touch -r`).
 * @module
 */
import type { BigIntStats } from "node:fs";
import { asVersion, type Attributes, type Href, type Version, type Written } from "../../contract/index.js";
import { PreconditionFailedError } from "../../errors/index.js";
import { fileAttributes, type FileType } from "../../models/file.js";

/** The item type of an entry; undefined for what is not an item (a FIFO, a socket, a device). */
export function typeOf(stats: BigIntStats): FileType | undefined {
  if (stats.isFile()) return "file";
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isDirectory()) return "folder";
  return undefined;
}

/** What kind of entry, in words, for the reasons given when one is left out. */
export function describeKind(stats: { isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  return "a device";
}

/**
 * Joined, not concatenated: a template literal leaves V8 a rope of seven pieces and four number
 * strings, some 350 bytes held for every item of a listing; `join` makes one flat string of 60.
 */
export const versionOf = (stats: BigIntStats): Version =>
  asVersion([stats.size, stats.mtimeNs, stats.ino, stats.ctimeNs].join("."));

/**
 * Fails unless the entry at `path` is still at `expected`: the precondition of every write, and
 * of every read of a body, so that content and version always belong together. `undefined` asks
 * nothing (a write whose version the engine never learned).
 */
export function requireVersion(stats: BigIntStats, expected: Version | undefined, path: string): void {
  if (expected !== undefined && versionOf(stats) !== expected) {
    throw new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
  }
}

/** Permission bits, setuid, setgid and sticky included; the file type bits are not. */
const permissionBits = 0o7777n;

export function attributesOf(stats: BigIntStats, type: FileType): Attributes {
  return {
    [fileAttributes.type]: type,
    [fileAttributes.mode]: (stats.mode & permissionBits).toString(8),
    [fileAttributes.mtime]: stats.mtimeNs.toString(),
  };
}

/** What a write reports: the entry's fingerprint and attributes as a listing would show them now. */
export function writtenFrom(href: Href, stats: BigIntStats): Written {
  const type = typeOf(stats);
  return {
    href,
    version: versionOf(stats),
    attributes: type === undefined ? undefined : attributesOf(stats, type),
  };
}
