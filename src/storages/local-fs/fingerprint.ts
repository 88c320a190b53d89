/**
 * A local file's version: what changes whenever its content changes, read without reading the
 * content. The inode is part of it because every atomic write makes a new inode, so two writes in
 * the same clock tick with the same size still differ.
 * @module
 */
import type { BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";
import { asVersion, type Version } from "../../contract/index.js";

/** Joined, not concatenated: one flat string instead of a rope of pieces (see files' `versionOf`). */
export function fingerprintOf(stats: BigIntStats): Version {
  return asVersion([stats.mtimeNs, stats.ino, stats.size].join("."));
}

/** The fingerprint of the file at `path`; rejects with the file system's error (ENOENT) if it is gone. */
export async function fingerprint(path: string): Promise<Version> {
  return fingerprintOf(await stat(path, { bigint: true }));
}
