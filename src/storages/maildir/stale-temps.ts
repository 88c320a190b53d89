/**
 * Files in `tmp/` that no delivery will finish: the Maildir specification has readers remove those
 * untouched for 36 hours (a delivery killed half way, by concord or another program).
 * @module
 */
import { lstatSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";

const abandonedAfterMs = 36 * 60 * 60 * 1000;

/** Removes the abandoned files of `folder`'s `tmp/`; one that cannot be looked at or removed stays. */
export function removeStaleTemps(folder: string, now = Date.now()): void {
  const tmp = join(folder, "tmp");
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    // No tmp/ yet (it is made with the first message), or not ours to read: nothing to tidy.
    return;
  }
  for (const name of names) {
    const path = join(tmp, name);
    try {
      const stats = lstatSync(path);
      const touched = Math.max(stats.atimeMs, stats.mtimeMs, stats.ctimeMs);
      if (stats.isFile() && now - touched > abandonedAfterMs) unlinkSync(path);
    } catch {
      // Gone meanwhile, or not ours to judge: tidying is never worth failing a listing for.
    }
  }
}
