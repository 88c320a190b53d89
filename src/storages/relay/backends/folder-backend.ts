/**
 * A relay in a local folder (a USB stick, a mounted share): keys are paths below it, written to a
 * hidden temp file, fsynced and renamed into place.
 * @module
 */
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { classify, NotFoundError, UnavailableError } from "../../../errors/index.js";
import { isMissing } from "../../local-fs/system-error.js";
import type { RelayBackend, StoredObject } from "./backend.js";
import { keySegments } from "./relay-key.js";

/** Temp files begin with this; listings leave them out. */
const tempPrefix = ".concord-relay-";

export function folderBackend(root: string): RelayBackend {
  const pathOf = (key: string): string => join(root, ...keySegments(key, root));

  return {
    where: root,

    async read(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if (isMissing(error)) return whenThere(root, undefined);
        throw classify(error, `reading ${pathOf(key)}`);
      }
    },

    async *open(key) {
      const path = pathOf(key);
      try {
        for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
          yield chunk as Buffer;
      } catch (error) {
        if (isMissing(error)) throw new NotFoundError(`${path} is not on the relay`, { what: key });
        throw classify(error, `reading ${path}`);
      }
    },

    async write(key, content) {
      const path = pathOf(key);
      const temp = join(dirname(path), `${tempPrefix}${randomUUID()}`);
      try {
        await mkdir(dirname(path), { recursive: true });
        const file = await open(temp, "wx", 0o600);
        try {
          if (content instanceof Uint8Array) await file.writeFile(content);
          else for await (const chunk of content) await file.write(chunk);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw classify(error, `writing ${path}`);
      }
    },

    async settle(folder) {
      const parts = folder === "" ? [] : keySegments(folder.slice(0, -1), root);
      // The folder first, then each folder above it: each holds the entry of the one below.
      for (let depth = parts.length; depth >= 0; depth--) {
        const path = join(root, ...parts.slice(0, depth));
        try {
          const handle = await open(path, "r");
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
        } catch (error) {
          if (!isMissing(error)) throw classify(error, `syncing ${path}`);
        }
      }
    },

    async list(prefix) {
      const found: StoredObject[] = [];
      const folder = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
      const missing = !(await walk(folder === "" ? root : pathOf(folder), folder, found));
      return missing ? whenThere(root, found) : found;
    },

    async remove(key) {
      const path = pathOf(key);
      try {
        await rm(path, { force: true });
      } catch (error) {
        throw classify(error, `removing ${path}`);
      }
    },

    async removeAll(prefix) {
      const path = pathOf(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
      try {
        await rm(path, { recursive: true, force: true });
      } catch (error) {
        throw classify(error, `removing ${path}`);
      }
    },
  };
}

/**
 * `answer` for a key or folder that is missing, when the relay's folder itself is there: a stick
 * unplugged (its mount point gone) must never read as a relay holding nothing.
 */
async function whenThere<T>(root: string, answer: T): Promise<T> {
  try {
    await stat(root);
    return answer;
  } catch (error) {
    if (isMissing(error)) {
      throw new UnavailableError(`${root} is not there (the relay's disk unplugged?)`, { storage: root });
    }
    throw classify(error, `reading ${root}`);
  }
}

/** Adds the files below `path` to `found`; false when `path` is not there. */
async function walk(path: string, key: string, found: StoredObject[]): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return false;
    throw classify(error, `reading ${path}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith(tempPrefix)) {
      await removeIfAbandoned(join(path, entry.name));
      continue;
    }
    const child = key === "" ? entry.name : `${key}/${entry.name}`;
    if (entry.isDirectory()) await walk(join(path, entry.name), child, found);
    else if (entry.isFile()) found.push({ key: child, size: (await stat(join(path, entry.name))).size });
  }
  return true;
}

/** A temp file untouched for an hour was left by a run that was killed while writing it. */
async function removeIfAbandoned(path: string): Promise<void> {
  try {
    if (Date.now() - (await stat(path)).mtimeMs > 60 * 60 * 1000) await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw classify(error, `removing ${path}`);
  }
}
