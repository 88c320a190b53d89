/**
 * The single-file storage: collections kept as whole .ics / .vcf files, the way calendar and
 * contact apps export and import them. `path` names one file (one collection), or a pattern such
 * as `~/cals/%s.ics` (one collection per matching file).
 * @module
 */
import { mkdir, readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  classify,
  InvalidDataError,
  PreconditionFailedError,
  ReadOnlyError,
  UnsupportedError,
} from "../../errors/index.js";
import { createNew, syncFolder } from "../local-fs/atomic-write.js";
import { isEntry } from "../local-fs/entry-kind.js";
import { isMissing } from "../local-fs/system-error.js";
import type { Collection, CollectionId, CollectionInfo, Storage } from "../../contract/index.js";
import { modelForExtension } from "../../models/pim.js";
import type { SinglefileConfig } from "./config.js";
import { collectionIdOf, collectionPath, fileLayout, type FilePattern } from "./file-pattern.js";
import { openSinglefileCollection } from "./singlefile-collection.js";

export function createSinglefileStorage(name: string, config: SinglefileConfig): Storage {
  const layout = fileLayout(config.path);
  const readOnly = config.read_only;
  // One Collection per file, so two `open` calls share the items in memory and one flush.
  const opened = new Map<CollectionId, Collection>();

  /** The file of collection `id`; refuses ids this storage cannot hold. */
  function pathOf(id: CollectionId): string {
    if (layout.kind === "single") {
      if (id === layout.id) return layout.path;
      throw new UnsupportedError(`storage ${name} holds exactly one collection, ${layout.id}, not ${id}`, {
        what: id,
      });
    }
    const path = collectionPath(layout, id);
    if (path === undefined) {
      throw new InvalidDataError(`not a usable file name for a collection: ${JSON.stringify(id)}`, {
        what: id,
      });
    }
    return path;
  }

  async function discoverPattern(pattern: FilePattern): Promise<CollectionInfo[]> {
    const { folder } = pattern;
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw classify(error, `listing ${folder}`);
    }
    const found: CollectionInfo[] = [];
    for (const fileName of names.sort()) {
      const id = collectionIdOf(pattern, fileName);
      const href = join(folder, fileName);
      if (id !== undefined && (await isEntry(href, "file"))) found.push({ id, href });
    }
    return found;
  }

  return {
    name,
    model: modelForExtension(config.path),
    // Each flush writes the whole file anew: once per run, not once per few hundred writes.
    capabilities: { readOnly, writeConcurrency: 1, fetchBatchSize: 1000, writesPerFlush: Infinity },

    async discover(): Promise<CollectionInfo[]> {
      if (layout.kind === "pattern") return discoverPattern(layout);
      // A file that does not exist is no collection: taken for an empty one, it would have the
      // other side make an empty collection for it. createCollection makes it when needed.
      try {
        await stat(layout.path);
      } catch (error) {
        if (isMissing(error)) return [];
        throw classify(error, `reading ${layout.path}`);
      }
      return [{ id: layout.id, href: layout.path }];
    },

    open(info: CollectionInfo): Collection {
      let collection = opened.get(info.id);
      if (collection === undefined) {
        collection = openSinglefileCollection({ info, storageName: name, path: pathOf(info.id), readOnly });
        opened.set(info.id, collection);
      }
      return collection;
    },

    /** Makes an empty file. A file has no place for properties, so they are not kept. */
    async createCollection(id: CollectionId): Promise<CollectionInfo> {
      if (readOnly) throw new ReadOnlyError(`storage ${name} is read-only`, { storage: name });
      const path = pathOf(id);
      const folder = dirname(path);
      let published;
      try {
        await mkdir(folder, { recursive: true });
        published = await createNew(folder, [basename(path)], new Uint8Array());
        if (published !== undefined) await syncFolder(folder);
      } catch (error) {
        throw classify(error, `creating ${path}`);
      }
      // Never adopt a file someone else made: it may hold items the engine knows nothing of.
      if (published === undefined)
        throw new PreconditionFailedError(`${path} exists already`, { what: path });
      return { id, href: path };
    },
  } satisfies Storage;
}
