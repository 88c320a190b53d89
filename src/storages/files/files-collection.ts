/**
 * The one collection of a files storage: the whole tree under the root.
 * @module
 */
import type {
  Attributes,
  Body,
  Collection,
  CollectionInfo,
  CreateOptions,
  Fetched,
  Href,
  Listing,
  Version,
} from "../../contract/index.js";
import { ReadOnlyError } from "../../errors/index.js";
import { createItem } from "./create-item.js";
import { deleteItem } from "./delete-item.js";
import { FolderNames } from "./folder-names.js";
import { FolderSyncs } from "./folder-syncs.js";
import { loadIgnoreRules, type IgnoreRules } from "./ignore-rules.js";
import { removeAbandonedTemps } from "./leftover-temps.js";
import { moveItem } from "./move-item.js";
import { readItem } from "./read-item.js";
import { scanTree } from "./scan-tree.js";
import { setItemAttributes } from "./set-attributes.js";
import { requireRoot } from "./tree-folders.js";
import { updateItem } from "./update-item.js";
import type { WriteContext } from "./write-context.js";

export interface FilesCollectionOptions {
  readonly info: CollectionInfo;
  /** The storage's name in the config, for messages. */
  readonly storageName: string;
  readonly root: string;
  /** The config's `ignore` patterns. */
  readonly ignore: readonly string[];
  readonly readOnly: boolean;
}

export function openFilesCollection(options: FilesCollectionOptions): Collection {
  const { info, root, readOnly } = options;
  const syncs = new FolderSyncs();
  const names = new FolderNames();
  // The rules a listing went by are the rules its writes go by, even if .concordignore changes
  // in between (a synchronised .concordignore among them).
  let rules: IgnoreRules | undefined;
  const context: WriteContext = {
    root,
    syncs,
    names,
    ignoreRules: () => (rules ??= loadIgnoreRules(root, options.ignore)),
  };

  /** The write context, once a read-only storage has refused the write. */
  function writable(): WriteContext {
    if (readOnly) {
      throw new ReadOnlyError(`storage ${options.storageName} is read-only`, {
        storage: options.storageName,
      });
    }
    return context;
  }

  return {
    info,

    async list(): Promise<Listing> {
      await requireRoot(root);
      rules = loadIgnoreRules(root, options.ignore);
      names.reset();
      const { items, skipped, temps } = scanTree(root, rules);
      if (!readOnly) removeAbandonedTemps(temps);
      return { kind: "full", items, skipped };
    },

    ignores(href: Href): boolean {
      const folder = href.endsWith("/");
      return context.ignoreRules().ignores(folder ? href.slice(0, -1) : href, folder);
    },

    async *get(hrefs: readonly Href[]): AsyncIterable<Fetched> {
      for (const href of hrefs) yield await readItem(root, href);
    },

    // Paths are exact whatever the options say: a file's path is what pairs it.
    async create(body: Body, name: string, createOptions?: CreateOptions) {
      return createItem(writable(), body, name, createOptions?.attributes);
    },

    async update(href: Href, version: Version | undefined, body: Body, attributes?: Attributes) {
      return updateItem(writable(), href, version, body, attributes);
    },

    async delete(href: Href, version: Version | undefined) {
      return deleteItem(writable(), href, version);
    },

    async move(href: Href, version: Version | undefined, to: string) {
      return moveItem(writable(), href, version, to);
    },

    async setAttributes(href: Href, version: Version | undefined, attributes: Attributes) {
      return setItemAttributes(writable(), href, version, attributes);
    },

    /** Files are fsynced before they get their names; what remains is the folders' entries. */
    flush: () => syncs.flush(),
  } satisfies Collection;
}
