/**
 * The files storage: a tree of files, symbolic links and empty folders under one root, held as a
 * single collection whose items are paired by their paths.
 * @module
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { asCollectionId, type CollectionInfo, type Presence, type Storage } from "../../contract/index.js";
import { classify, InvalidDataError, ReadOnlyError } from "../../errors/index.js";
import { fileModel } from "../../models/file.js";
import { isMissing } from "../local-fs/system-error.js";
import type { FilesConfig } from "./config.js";
import { openFilesCollection } from "./files-collection.js";
import { markRoot, probeRoot } from "./marker.js";

/** The one collection of a tree: the tree itself. */
export const treeCollectionId = asCollectionId("root");

/** Writes in flight and reads asked at once, on one tree. */
export const treeConcurrency = { writeConcurrency: 8, fetchBatchSize: 64 } as const;

export function createFilesStorage(name: string, config: FilesConfig): Storage {
  // Absolute and without a trailing "/", as listings and messages spell paths below it.
  const root = resolve(config.path);
  const readOnly = config.read_only;

  return {
    name,
    model: fileModel,
    capabilities: { readOnly, ...treeConcurrency },

    probe: (): Promise<Presence> => probeRoot(root),

    async mark(): Promise<string> {
      if (readOnly) {
        const presence = await probeRoot(root);
        if (presence.kind === "present" && presence.mark !== undefined) return presence.mark;
        throw new ReadOnlyError(`storage ${name} is read-only, and ${root} has no mark to tell it by`, {
          storage: name,
        });
      }
      return markRoot(root);
    },

    /** The tree, when its root is there; nothing otherwise (the root is never created). */
    async discover(): Promise<CollectionInfo[]> {
      try {
        return (await stat(root)).isDirectory() ? [{ id: treeCollectionId, href: root }] : [];
      } catch (error) {
        if (isMissing(error)) return [];
        throw classify(error, `reading ${root}`);
      }
    },

    open(info: CollectionInfo) {
      if (info.id !== treeCollectionId) {
        throw new InvalidDataError(
          `storage ${name} holds one collection, "${treeCollectionId}", not ${JSON.stringify(info.id)}`,
          {
            what: info.id,
          },
        );
      }
      return openFilesCollection({ info, storageName: name, root, ignore: config.ignore, readOnly });
    },
  } satisfies Storage;
}
