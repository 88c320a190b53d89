/**
 * The folders on the way to an item: checked to be real folders inside the root (a symbolic link
 * among them could lead a write anywhere), made when a write needs them, and removed when a
 * removal empties them.
 *
 * Node cannot open a path relative to a folder handle without following links (`openat` with
 * `O_NOFOLLOW` at each step), so a folder swapped for a link between the check and the write
 * is a race this module narrows to a few system calls but cannot close.
 *
 * The looks (`stat`, `lstat`) are synchronous, as the listing's are: each answers from the
 * kernel's caches in microseconds, while going through libuv's thread pool costs tens of
 * microseconds of thread hand-offs, for every folder on the way to every item written or read.
 * @module
 */
import { lstatSync, statSync, type Stats } from "node:fs";
import { mkdir, rmdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  classify,
  CollectionError,
  InvalidDataError,
  NotFoundError,
  PreconditionFailedError,
} from "../../errors/index.js";
import { isMissing, systemErrorCode } from "../local-fs/system-error.js";
import type { ItemPath } from "./item-path.js";
import { nameTaken } from "./folder-names.js";
import type { WriteContext } from "./write-context.js";

/**
 * Fails unless the root is a folder. A missing root is an unplugged disk or an unmounted share:
 * writing there would fill the empty mount point, so nothing is ever written to it, root included.
 */
export async function requireRoot(root: string): Promise<void> {
  try {
    if (statSync(root).isDirectory()) return;
  } catch (error) {
    if (!isMissing(error)) throw classify(error, `reading ${root}`);
  }
  throw new CollectionError(`${root} does not exist or is not a folder (is the disk plugged in?)`, {
    collection: root,
  });
}

/** Fails unless `path` is a folder, not a link to one. */
function requireRealFolder(path: string, root: string): void {
  checkRealFolder(lstatSync(path), path, root);
}

function checkRealFolder(stats: Stats, path: string, root: string): void {
  if (stats.isSymbolicLink()) {
    throw new InvalidDataError(
      `${path} is a symbolic link: nothing is written or read through one, so nothing leaves ${root}`,
      {
        what: path,
      },
    );
  }
  if (!stats.isDirectory()) throw new NotFoundError(`${path} is not a folder`, { what: path });
}

/** Fails unless every folder on the way to `item` exists and is a real folder. */
export async function requireParents(root: string, item: ItemPath): Promise<void> {
  let folder = root;
  for (const name of item.parents) {
    folder = join(folder, name);
    try {
      requireRealFolder(folder, root);
    } catch (error) {
      throw classify(error, `reading ${folder}`);
    }
  }
}

/** The entry at `path` as `lstat` sees it, or undefined when there is none. */
function entryAt(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw classify(error, `reading ${path}`);
  }
}

/**
 * Makes the folders on the way to `item` that are missing, refusing any that is a link or a file,
 * and any new one whose name another in its folder equals but for case or normalisation. Each
 * folder is looked at before it is made: most writes go to folders that exist, and a `mkdir`
 * failing with EEXIST costs a system call and an exception per folder per write.
 */
async function makeParents(context: WriteContext, item: ItemPath): Promise<void> {
  const { root } = context;
  await requireRoot(root);
  let folder = root;
  for (const name of item.parents) {
    const next = join(folder, name);
    const other = await context.names.conflictWith(folder, name, name);
    if (other !== undefined) throw nameTaken(next, join(folder, other));
    let found = entryAt(next);
    if (found === undefined) {
      try {
        await mkdir(next);
        context.syncs.add(folder);
        context.names.added(folder, name);
      } catch (error) {
        // Made meanwhile, by another write of this run or by another program.
        if (systemErrorCode(error) !== "EEXIST") throw classify(error, `creating ${next}`);
        try {
          found = lstatSync(next);
        } catch (gone) {
          throw classify(gone, `reading ${next}`);
        }
      }
    }
    if (found !== undefined) {
      try {
        checkRealFolder(found, next, root);
      } catch (notFolder) {
        if (notFolder instanceof NotFoundError) {
          throw new PreconditionFailedError(`${next} is in the way of ${item.path}: it is not a folder`, {
            what: next,
          });
        }
        throw classify(notFolder, `reading ${next}`);
      }
    }
    folder = next;
  }
}

/** Tries after a folder removed under a write, since the removal of emptied folders runs beside writes. */
const attemptsAfterRemovedFolder = 3;

/**
 * Runs `write` once the folders on the way to `item` exist. A concurrent removal of an emptied
 * folder (another item's delete) may remove one between the two; the write then fails with
 * ENOENT and is tried again with the folders made anew.
 */
export async function withParents<Result>(
  context: WriteContext,
  item: ItemPath,
  write: () => Promise<Result>,
): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    await makeParents(context, item);
    try {
      return await write();
    } catch (error) {
      const folderGone = isMissing(error) && !isFolder(item.folder);
      if (!folderGone || attempt === attemptsAfterRemovedFolder) throw error;
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Removes the folders that held `item` and hold nothing now, from the deepest up to the root
 * (which stays). A folder that cannot be removed (it holds something, it was removed already,
 * permissions) ends the climb: this is tidying after a removal that succeeded, not part of it.
 */
export async function removeEmptyParents(context: WriteContext, item: ItemPath): Promise<void> {
  for (let depth = item.parents.length; depth > 0; depth--) {
    const folder = join(context.root, ...item.parents.slice(0, depth));
    try {
      await rmdir(folder);
    } catch {
      return;
    }
    context.syncs.add(dirname(folder));
    context.names.removed(dirname(folder), basename(folder));
  }
}
