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

/** The rules in force now: read again for every listing, since `.concordignore` may change. */
export function loadIgnoreRules(root: string, patterns: readonly string[]): IgnoreRules {
  // Case matters, as it does for git on Linux: both sides of a pair then agree whatever their disks.
  const matcher = ignore({ ignorecase: false }).add(patterns).add(readIgnoreFile(root));
  return {
    // A trailing "/" is how the matcher tells a folder, for patterns such as "node_modules/".
    ignores: (relative, isFolder) => matcher.ignores(isFolder ? `${relative}/` : relative),
  };
}
