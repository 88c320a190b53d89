/**
 * Where a configured storage keeps its files, for the storages the daemon can watch; the others
 * (CalDAV, CardDAV, WebCal) are polled.
 * @module
 */
import { basename, dirname } from "node:path";
import type { ConfiguredStorage } from "../config/index.js";

export type LocalLayout =
  /** A vdir: each sub-folder of `root` is a collection. */
  | { readonly kind: "folders"; readonly root: string }
  /** A single file, or every file of `folder` whose name `pattern` matches (its group is the id). */
  | {
      readonly kind: "files";
      readonly folder: string;
      readonly pattern: RegExp;
      readonly idFromName: boolean;
    };

export function localLayout(storage: ConfiguredStorage): LocalLayout | undefined {
  const { type, path } = storage.config;
  if (typeof path !== "string") return undefined;
  if (type === "vdir") return { kind: "folders", root: path };
  if (type === "singlefile") {
    const name = basename(path);
    const [before, after] = name.split("%s") as [string, string | undefined];
    const pattern =
      after === undefined
        ? new RegExp(`^${escapeRegExp(name)}$`)
        : new RegExp(`^${escapeRegExp(before)}(.+)${escapeRegExp(after)}$`);
    return { kind: "files", folder: dirname(path), pattern, idFromName: after !== undefined };
  }
  return undefined;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
