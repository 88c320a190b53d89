/**
 * The paths a files storage leaves alone: the config's `ignore` patterns and those of the
 * `.concordignore` file at the root, both in .gitignore syntax.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ignore from "ignore";
import { classify } from "../../errors/index.js";
import { isMissing } from "../local-fs/system-error.js";
import { ignoreFileName } from "./item-path.js";

export interface IgnoreRules {
  /** Whether the entry at `relative` (a path below the root, `/` between names) is left alone. */
  ignores(relative: string, isFolder: boolean): boolean;
}

/** The patterns of the root's `.concordignore`; none when there is no such file. */
function readIgnoreFile(root: string): string {
  const path = join(root, ignoreFileName);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return "";
    throw classify(error, `reading ${path}`);
  }
}

/** What a tree without patterns leaves out: nothing. */
const noRules: IgnoreRules = { ignores: () => false };

/**
 * The rules in force now: read again for every listing, since `.concordignore` may change.
 *
 * Without any pattern there is nothing to ask: the matcher would still parse every path and keep
 * its answer in a cache of its own, a tenth of the time of listing a tree of 50,000 files and
 * some 25 MB of memory.
 */
export function loadIgnoreRules(root: string, patterns: readonly string[]): IgnoreRules {
  const file = readIgnoreFile(root);
  const lines = [...patterns, file].flatMap((text) => text.split(/\r?\n/));
  if (lines.every((line) => line.trim() === "" || line.startsWith("#"))) return noRules;
  // Case matters, as it does for git on Linux: both sides of a pair then agree whatever their disks.
  const matcher = ignore({ ignorecase: false }).add(patterns).add(file);
  return {
    // A trailing "/" is how the matcher tells a folder, for patterns such as "node_modules/".
    ignores: (relative, isFolder) => matcher.ignores(isFolder ? `${relative}/` : relative),
  };
}
