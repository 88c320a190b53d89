/**
 * Whether a local storage's path exists. One that does not is no error, since a sync creates it
 * to hold the other side's collections, but most often it is a mistyped path, with which concord
 * would quietly start a new, empty tree: `check` and `sync` point it out.
 * @module
 */
import { stat } from "node:fs/promises";
import type { ConfiguredStorage } from "../config/index.js";
import { isMissing } from "../storages/local-fs/system-error.js";

export interface MissingPath {
  readonly storage: string;
  readonly kind: "file" | "folder";
  readonly path: string;
}

/** Where a local storage finds its collections: a vdir's folder, its single file, or the folder of its pattern's files. */
function collectionsPath(storage: ConfiguredStorage): Omit<MissingPath, "storage"> | undefined {
  const layout = storage.definition.watchLayout?.(storage.config);
  if (layout === undefined) return undefined;
  if (layout.kind === "files") {
    return layout.file === undefined
      ? { kind: "folder", path: layout.folder }
      : { kind: "file", path: layout.file };
  }
  return { kind: "folder", path: layout.root };
}

/** The path `storage` finds its collections in, when that does not exist; undefined for remote storages. */
export async function missingPath(storage: ConfiguredStorage): Promise<MissingPath | undefined> {
  const expected = collectionsPath(storage);
  if (expected === undefined) return undefined;
  try {
    await stat(expected.path);
    return undefined;
  } catch (error) {
    // Any other failure (a permission) is the storage's to report when it is used.
    return isMissing(error) ? { storage: storage.name, ...expected } : undefined;
  }
}
