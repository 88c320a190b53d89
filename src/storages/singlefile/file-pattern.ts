/**
 * Where a single-file storage's collections live: one fixed file, or every file matching a
 * pattern like `~/cals/%s.ics`, where the part `%s` stands for is the collection id.
 * @module
 */
import { basename, dirname, join, parse } from "node:path";
import { asCollectionId, type CollectionId, type WatchLayout } from "../../contract/index.js";

export type FileLayout =
  | { readonly kind: "single"; readonly id: CollectionId; readonly path: string }
  | { readonly kind: "pattern"; readonly folder: string; readonly prefix: string; readonly suffix: string };

/** Reads the configured `path`; the config schema has made sure `%s` appears at most once, in the file name. */
export function fileLayout(path: string): FileLayout {
  const fileName = basename(path);
  const marker = fileName.indexOf("%s");
  if (marker === -1) return { kind: "single", id: asCollectionId(parse(path).name), path };
  return {
    kind: "pattern",
    folder: dirname(path),
    prefix: fileName.slice(0, marker),
    suffix: fileName.slice(marker + 2),
  };
}

export type FilePattern = Extract<FileLayout, { kind: "pattern" }>;

/** The collection id a file name in the pattern's folder stands for, or undefined if it is none. */
export function collectionIdOf(pattern: FilePattern, fileName: string): CollectionId | undefined {
  const { prefix, suffix } = pattern;
  if (fileName.startsWith(".") || fileName.length <= prefix.length + suffix.length) return undefined;
  if (!fileName.startsWith(prefix) || !fileName.endsWith(suffix)) return undefined;
  const id = fileName.slice(prefix.length, fileName.length - suffix.length);
  try {
    return asCollectionId(id);
  } catch {
    // A file concord did not make, with a name no collection id can have.
    return undefined;
  }
}

/** The file of collection `id`, or undefined when the id would not name a visible file in the folder. */
export function collectionPath(pattern: FilePattern, id: CollectionId): string | undefined {
  const fileName = `${pattern.prefix}${id}${pattern.suffix}`;
  if (basename(fileName) !== fileName || collectionIdOf(pattern, fileName) !== id) return undefined;
  return join(pattern.folder, fileName);
}

/** The folder the daemon watches and which of its files are collections: editors replace a file rather than write into it, which would end a watch on the file itself. */
export function watchLayoutOf(path: string): WatchLayout {
  const layout = fileLayout(path);
  if (layout.kind === "pattern") {
    return { kind: "files", folder: layout.folder, collectionOf: (name) => collectionIdOf(layout, name) };
  }
  const name = basename(layout.path);
  return {
    kind: "files",
    folder: dirname(layout.path),
    collectionOf: (file) => (file === name ? layout.id : undefined),
    file: layout.path,
  };
}
