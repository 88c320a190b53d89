/**
 * Temp files that no write will finish: a run killed while it copied leaves its temp file
 * behind, under a name listings skip, holding space (a half-copied disk image can hold much).
 * @module
 */
import { lstatSync, unlinkSync } from "node:fs";

/**
 * A temp file whose status has not changed for this long belongs to no write under way: a write
 * changes it with every chunk, and another run on the same tree writing now would too.
 */
const abandonedAfterMs = 60 * 60 * 1000;

/** Removes those of `temps` that are abandoned; one that cannot be looked at or removed stays. */
export function removeAbandonedTemps(temps: readonly string[], now = Date.now()): void {
  for (const path of temps) {
    try {
      const stats = lstatSync(path);
      if (stats.isFile() && now - stats.ctimeMs > abandonedAfterMs) unlinkSync(path);
    } catch {
      // Gone meanwhile, or not ours to judge: tidying is never worth failing a listing for.
    }
  }
}
