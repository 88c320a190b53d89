/**
 * Every storage type a config may name, by `type`. A new storage is one more line here.
 * @module
 */
import { definition as caldav } from "./caldav/index.js";
import { definition as carddav } from "./carddav/index.js";
import { definition as files } from "./files/index.js";
import { definition as imap } from "./imap/index.js";
import { definition as maildir } from "./maildir/index.js";
import { definition as relay } from "./relay/index.js";
import { definition as singlefile } from "./singlefile/index.js";
import type { StorageDefinition } from "../contract/index.js";
import { definition as vdir } from "./vdir/index.js";
import { definition as webcal } from "./webcal/index.js";

export const storageDefinitions: ReadonlyMap<string, StorageDefinition> = new Map(
  ([vdir, singlefile, caldav, carddav, webcal, files, imap, maildir, relay] as StorageDefinition[]).map(
    (definition) => [definition.type, definition],
  ),
);
