/**
 * The vdir storage: a folder with one sub-folder per collection and one file per item, the layout
 * khal, khard and todoman read (https://vdirsyncer.pimutils.org/en/stable/vdir.html).
 * @module
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { classify, InvalidDataError, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import { syncFolder } from "../local-fs/atomic-write.js";
import { isEntry } from "../local-fs/entry-kind.js";
import { isMissing, systemErrorCode } from "../local-fs/system-error.js";
import {
  asCollectionId,
  type CollectionId,
  type CollectionInfo,
  type Properties,
  propertyNames,
  type Storage,
} from "../../contract/index.js";
import { modelForExtension } from "../../models/pim.js";
import type { VdirConfig } from "./config.js";
import { writeProperties } from "./properties.js";
import { openVdirCollection } from "./vdir-collection.js";

/** A folder name that discover would list as a collection, or undefined. */
function collectionIdOf(name: string): CollectionId | undefined {
  if (name.startsWith(".")) return undefined;
  try {
    return asCollectionId(name);
  } catch {
    // Names with control characters are folders concord did not make and cannot name safely.
    return undefined;
  }
}

export function createVdirStorage(name: string, config: VdirConfig): Storage {
  const root = config.path;
  const readOnly = config.read_only;

  /** The folder of collection `id`; refuses ids that are not one visible folder name. */
  function collectionFolder(id: CollectionId): string {
    if (collectionIdOf(id) !== id || basename(id) !== id) {
      throw new InvalidDataError(`not a usable folder name for a collection: ${JSON.stringify(id)}`, {
        what: id,
      });
    }
    return join(root, id);
  }

  return {
    name,
    model: modelForExtension(config.fileext),
    capabilities: { readOnly, writeConcurrency: 8, fetchBatchSize: 256 },

    async discover(): Promise<CollectionInfo[]> {
      let names: string[];
      try {
        names = await readdir(root);
      } catch (error) {
        // No folder yet: no collections yet; createCollection makes it.
        if (isMissing(error)) return [];
        throw classify(error, `listing ${root}`);
      }
      const found: CollectionInfo[] = [];
      for (const entry of names.sort()) {
        const id = collectionIdOf(entry);
        const href = join(root, entry);
        if (id !== undefined && (await isEntry(href, "folder"))) found.push({ id, href });
      }
      return found;
    },

    open(info: CollectionInfo) {
      const folder = collectionFolder(info.id);
      return openVdirCollection({ info, storageName: name, folder, fileext: config.fileext, readOnly });
    },

    async createCollection(id: CollectionId, properties: Properties): Promise<CollectionInfo> {
      if (readOnly) throw new ReadOnlyError(`storage ${name} is read-only`, { storage: name });
      const info = { id, href: collectionFolder(id) };
      try {
        await mkdir(root, { recursive: true });
        await mkdir(info.href);
      } catch (error) {
        // Never adopt a folder someone else made: it may hold items the engine knows nothing of.
        if (systemErrorCode(error) === "EEXIST") {
          throw new PreconditionFailedError(`${info.href} exists already`, { what: info.href });
        }
        throw classify(error, `creating ${info.href}`);
      }
      await writeProperties(info.href, properties);
      try {
        await syncFolder(root);
      } catch (error) {
        throw classify(error, `syncing ${root}`);
      }
      return info;
    },

    /** Removes a collection folder that holds nothing but its property files. */
    async deleteCollection(info: CollectionInfo): Promise<void> {
      if (readOnly) throw new ReadOnlyError(`storage ${name} is read-only`, { storage: name });
      const folder = collectionFolder(info.id);
      try {
        const others = (await readdir(folder)).filter(
          (entry) => !(propertyNames as readonly string[]).includes(entry),
        );
        if (others.length > 0) {
          throw new PreconditionFailedError(`${folder} still holds ${others.length} file(s); not deleted`, {
            what: folder,
          });
        }
        await rm(folder, { recursive: true });
        await syncFolder(root);
      } catch (error) {
        throw classify(error, `deleting ${folder}`);
      }
    },
  } satisfies Storage;
}
