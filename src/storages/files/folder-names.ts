/**
 * The names in each folder that writes go to, by their folded form (see `foldName`), so that no
 * write adds a name that another name in its folder equals on a disk ignoring case or Unicode
 * normalisation. Such twins are both left out of the next listing (`scan-tree.ts`).
 *
 * Each folder is read once, on the first write to it after a listing, and kept up to date with
 * the storage's own writes; reading it for every write would make a first sync of a 10,000-file
 * folder read 50 million names. A name another program adds or removes meanwhile is seen at the
 * next listing; until then `link` still refuses a taken name, so the cost of a stale entry is
 * a refused write (retried at the next sync), never a replaced file.
 * @module
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { PreconditionFailedError } from "../../errors/index.js";
import { foldName, isOwnName } from "./item-path.js";

export class FolderNames {
  /** Folder → folded name → the names that fold so. */
  readonly #folders = new Map<string, Map<string, Set<string>>>();

  /** Forgets every folder read, so that writes after a listing read what is there now. */
  reset(): void {
    this.#folders.clear();
  }

  async #namesIn(folder: string): Promise<Map<string, Set<string>>> {
    const known = this.#folders.get(folder);
    if (known !== undefined) return known;
    const names = new Map<string, Set<string>>();
    for (const name of await readdir(folder)) if (!isOwnName(name)) add(names, name);
    // Another write may have read it meanwhile and noted a name since: that reading wins.
    const settled = this.#folders.get(folder) ?? names;
    this.#folders.set(folder, settled);
    return settled;
  }

  /**
   * A name in `folder` that `name` cannot be added beside: itself, or one differing only in case
   * or normalisation. `except` does not count: the name an entry is being renamed from, or a
   * folder's own name when it may exist already.
   */
  async conflictWith(folder: string, name: string, except?: string): Promise<string | undefined> {
    const names = (await this.#namesIn(folder)).get(foldName(name)) ?? new Set();
    return [...names].find((other) => other !== except);
  }

  /** Notes a name the storage added to `folder`. */
  added(folder: string, name: string): void {
    const names = this.#folders.get(folder);
    if (names !== undefined) add(names, name);
  }

  /** Notes a name the storage removed from `folder`; a removed folder's own names go with it. */
  removed(folder: string, name: string): void {
    this.#folders.get(folder)?.get(foldName(name))?.delete(name);
    this.#folders.delete(join(folder, name));
  }
}

function add(names: Map<string, Set<string>>, name: string): void {
  const fold = foldName(name);
  const same = names.get(fold) ?? new Set<string>();
  same.add(name);
  names.set(fold, same);
}

/** The error for a name that is taken, or that would be on a disk ignoring case or normalisation. */
export function nameTaken(path: string, other: string): PreconditionFailedError {
  if (other === path) return new PreconditionFailedError(`${path} exists already`, { what: path });
  return new PreconditionFailedError(
    `${path} would clash with ${other}: the names differ only in case or Unicode normalisation`,
    { what: path },
  );
}
