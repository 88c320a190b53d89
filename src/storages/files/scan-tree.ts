/**
 * The listing of a tree: one synchronous walk of `readdir` and `lstat`. Synchronous on purpose: a
 * listing is nothing but metadata, and going through libuv's thread pool for each of 100,000
 * entries costs 3 to 10 times as much as asking the kernel directly (0.4 s against 3–5 s).
 *
 * Items are regular files, symbolic links (never followed) and empty folders; a folder holding
 * anything is not an item itself (creating what it holds recreates it). Entries that cannot
 * travel safely are left out and named in `skipped`.
 * @module
 */
import type { Dirent } from "node:fs";
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { asHref, type ListedItem, type Skipped } from "../../contract/index.js";
import { classify } from "../../errors/index.js";
import { isMissing } from "../local-fs/system-error.js";
import { attributesOf, describeKind, typeOf, versionOf } from "./entry-state.js";
import type { IgnoreRules } from "./ignore-rules.js";
import { foldName, hasControlCharacter, isOwnName, tempPrefix } from "./item-path.js";

export interface TreeScan {
  /** Sorted by href. */
  readonly items: readonly ListedItem[];
  readonly skipped: readonly Skipped[];
  /** Paths of temp files: writes under way, or left by a run that was killed. */
  readonly temps: readonly string[];
}

/** An entry worth a `lstat`: its name is usable and no rule leaves it out. */
interface Candidate {
  readonly name: string;
  readonly path: string;
  readonly href: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The name as a string, or undefined when its bytes are not UTF-8 and no string can spell it. */
function decodeName(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Lists the tree at `root`, an absolute path without a trailing `/`. */
export function scanTree(root: string, rules: IgnoreRules): TreeScan {
  const items: ListedItem[] = [];
  const skipped: Skipped[] = [];
  const temps: string[] = [];

  function readFolder(folder: string): Dirent<Buffer>[] {
    try {
      return readdirSync(folder, { encoding: "buffer", withFileTypes: true });
    } catch (error) {
      // A folder that cannot be read fails the listing: left out, all it holds would read as deleted.
      throw classify(error, `listing ${folder}`);
    }
  }

  /**
   * The entries of `folder` that may be items, after reporting those that may not; `occupied`
   * tells whether it holds anything besides concord's own files.
   */
  function candidatesIn(folder: string, prefix: string): { candidates: Candidate[]; occupied: boolean } {
    const candidates: Candidate[] = [];
    let occupied = false;
    for (const entry of readFolder(folder)) {
      const name = decodeName(entry.name);
      if (name !== undefined && isOwnName(name)) {
        if (name.startsWith(tempPrefix)) temps.push(`${folder}/${name}`);
        continue;
      }
      occupied = true;
      if (name === undefined) {
        const where = join(folder, entry.name.toString("utf8"));
        skipped.push({ where, why: `its name is not valid UTF-8 (bytes ${entry.name.toString("hex")})` });
        continue;
      }
      // Not path.join: the names are plain names, and joining 100,000 of them shows in a listing.
      const path = `${folder}/${name}`;
      if (hasControlCharacter(name)) {
        skipped.push({ where: JSON.stringify(path), why: "its name holds a control character" });
        continue;
      }
      if (rules.ignores(prefix + name, entry.isDirectory())) continue;
      if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink()) {
        skipped.push({ where: path, why: `${describeKind(entry)}, not a file, folder or link` });
        continue;
      }
      candidates.push({ name, path, href: prefix + name });
    }
    return { candidates: withoutTwins(candidates), occupied };
  }

  /**
   * Names that differ only in case or Unicode normalisation are one name on many disks: copied
   * there, one would overwrite the other. Both are reported and neither is listed.
   */
  function withoutTwins(candidates: Candidate[]): Candidate[] {
    const folds = candidates.map((candidate) => foldName(candidate.name));
    const counts = new Map<string, number>();
    for (const fold of folds) counts.set(fold, (counts.get(fold) ?? 0) + 1);
    if (counts.size === candidates.length) return candidates;
    const single: Candidate[] = [];
    for (const [index, candidate] of candidates.entries()) {
      const fold = folds[index] as string;
      if (counts.get(fold) === 1) {
        single.push(candidate);
        continue;
      }
      const others = candidates.filter((other, at) => other !== candidate && folds[at] === fold);
      skipped.push({
        where: candidate.path,
        href: asHref(candidate.href),
        why: `its name differs from ${others.map((other) => JSON.stringify(other.name)).join(", ")} only in case or Unicode normalisation`,
      });
    }
    return single;
  }

  /**
   * Lists what `folder` holds, and answers whether it holds anything at all: a folder is an item
   * only when it is empty, and one holding only entries that are ignored or left out is not.
   */
  function scanFolder(folder: string, prefix: string): boolean {
    const { candidates, occupied } = candidatesIn(folder, prefix);
    for (const { path, href } of candidates) {
      let stats;
      try {
        stats = lstatSync(path, { bigint: true });
      } catch (error) {
        // Removed since readdir: it is simply not there any more.
        if (isMissing(error)) continue;
        throw classify(error, `reading ${path}`);
      }
      const type = typeOf(stats);
      if (type === undefined) {
        skipped.push({ where: path, why: `${describeKind(stats)}, not a file, folder or link` });
        continue;
      }
      if (type === "folder" && scanFolder(path, `${href}/`)) continue;
      const itemHref = type === "folder" ? `${href}/` : href;
      items.push({
        href: asHref(itemHref),
        version: versionOf(stats),
        attributes: attributesOf(stats, type),
      });
    }
    return occupied;
  }

  scanFolder(root, "");
  items.sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
  return { items, skipped, temps };
}
