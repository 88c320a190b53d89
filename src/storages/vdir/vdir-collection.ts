/**
 * One vdir collection: a folder whose files ending in the configured extension are the items.
 * The href is the file name; the version is the file's fingerprint (mtime, inode, size), so
 * listing costs one `stat` per file and no reads.
 *
 * Writes check the fingerprint just before they publish a fully written, fsynced temp file, so a
 * file another program changed since the listing is never overwritten or removed. (The check and
 * the rename are two system calls; a change between them is the one race a folder cannot close.)
 * @module
 */
import { statSync } from "node:fs";
import { open, readdir, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { classify, InvalidDataError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import { createNew, discardTemp, publishOver, syncFolder, writeTemp } from "../local-fs/atomic-write.js";
import { fingerprint, fingerprintOf } from "../local-fs/fingerprint.js";
import { isMissing } from "../local-fs/system-error.js";
import { numberedNames, safeName } from "../naming/safe-name.js";
import {
  asHref,
  type Body,
  bytesBody,
  readBody,
  type Collection,
  type CollectionInfo,
  type Fetched,
  type Href,
  type ListedItem,
  type Listing,
  type Version,
  type Written,
} from "../../contract/index.js";
import { inParallel } from "./in-parallel.js";
import { readProperties, writeProperty } from "./properties.js";

export interface VdirCollectionOptions {
  readonly info: CollectionInfo;
  /** The storage's name in the config, for error messages. */
  readonly storageName: string;
  readonly folder: string;
  /** With its leading dot: ".ics". */
  readonly fileext: string;
  readonly readOnly: boolean;
}

/** Files read at once by `get`. */
const readConcurrency = 16;

/** Hidden files (our temp files among them) and other extensions are not items. */
function isItemFileName(name: string, fileext: string): boolean {
  return (
    name.length > fileext.length &&
    name.endsWith(fileext) &&
    !name.startsWith(".") &&
    !name.includes("\0") &&
    basename(name) === name
  );
}

export function openVdirCollection(options: VdirCollectionOptions): Collection {
  const { info, folder, fileext, readOnly } = options;

  function refuseIfReadOnly(): void {
    if (readOnly) {
      throw new ReadOnlyError(`storage ${options.storageName} is read-only`, {
        storage: options.storageName,
      });
    }
  }

  /** The path of the item `href`; refuses anything but a plain item file name in the folder. */
  function itemPath(href: Href): string {
    if (!isItemFileName(href, fileext)) {
      throw new InvalidDataError(`not an item file name in ${folder}: ${JSON.stringify(href)}`, {
        what: href,
      });
    }
    return join(folder, href);
  }

  /** Fails unless the file is still at `expected`; `undefined` only requires it to exist. */
  async function checkVersion(path: string, expected: Version | undefined): Promise<void> {
    const current = await fingerprint(path);
    if (expected !== undefined && current !== expected) {
      throw new PreconditionFailedError(`${path} changed since it was listed`, { what: path });
    }
  }

  async function readItem(href: Href): Promise<Fetched> {
    let path: string = href;
    try {
      path = itemPath(href);
      const handle = await open(path, "r");
      try {
        // Stat and read through one handle: a concurrent atomic replace cannot pair the old
        // fingerprint with the new content.
        const stats = await handle.stat({ bigint: true });
        if (!stats.isFile()) throw new InvalidDataError(`${path} is not a file`, { what: path });
        return { href, version: fingerprintOf(stats), body: bytesBody(await handle.readFile()) };
      } finally {
        await handle.close();
      }
    } catch (error) {
      return { href, error: classify(error, `reading ${path}`) };
    }
  }

  /**
   * Synchronous on purpose: a listing is nothing but stats, and on a local disk one costs a few
   * microseconds, a third of a round trip through libuv's thread pool (5,000 files: ~25 ms
   * against ~80 ms).
   */
  function statItem(name: string): ListedItem | undefined {
    try {
      const stats = statSync(join(folder, name), { bigint: true });
      return stats.isFile() ? { href: asHref(name), version: fingerprintOf(stats) } : undefined;
    } catch (error) {
      // Removed between readdir and stat: it is simply not there any more.
      if (isMissing(error)) return undefined;
      throw classify(error, `reading ${join(folder, name)}`);
    }
  }

  return {
    info,

    locate: (href) => join(folder, href),

    async list(): Promise<Listing> {
      let names: string[];
      try {
        names = (await readdir(folder)).filter((name) => isItemFileName(name, fileext));
      } catch (error) {
        throw classify(error, `listing ${folder}`);
      }
      const items: ListedItem[] = [];
      for (const name of names) {
        const item = statItem(name);
        if (item !== undefined) items.push(item);
      }
      return { kind: "full", items };
    },

    async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
      yield* inParallel(hrefs, readConcurrency, readItem);
    },

    async create(body: Body, name: string): Promise<Written> {
      refuseIfReadOnly();
      const content = await readBody(body);
      let published;
      try {
        published = await createNew(folder, numberedNames(safeName(name), fileext), content);
      } catch (error) {
        throw classify(error, `creating an item in ${folder}`);
      }
      if (published === undefined) {
        throw new InvalidDataError(`no free file name in ${folder} for ${JSON.stringify(name)}`, {
          what: name,
        });
      }
      return { href: asHref(published.name), version: published.version };
    },

    async update(href: Href, version: Version | undefined, body: Body): Promise<Written> {
      refuseIfReadOnly();
      const content = await readBody(body);
      const path = itemPath(href);
      try {
        const temp = await writeTemp(folder, content);
        try {
          await checkVersion(path, version);
          publishOver(temp, path);
        } catch (error) {
          discardTemp(temp.path);
          throw error;
        }
        return { href, version: temp.version };
      } catch (error) {
        throw classify(error, `updating ${path}`);
      }
    },

    async delete(href: Href, version: Version | undefined): Promise<void> {
      refuseIfReadOnly();
      const path = itemPath(href);
      try {
        await checkVersion(path, version);
        await unlink(path);
      } catch (error) {
        throw classify(error, `deleting ${path}`);
      }
    },

    /** Items are fsynced before they are published; what remains is the folder's entries. */
    async flush(): Promise<void> {
      try {
        await syncFolder(folder);
      } catch (error) {
        throw classify(error, `syncing ${folder}`);
      }
    },

    getProperties: () => readProperties(folder),

    async setProperty(name, value): Promise<void> {
      refuseIfReadOnly();
      await writeProperty(folder, name, value);
    },
  } satisfies Collection;
}
