/**
 * Finding every Maildir under the root, per layout. A Maildir is a folder holding `cur/` and
 * `new/`; folders are walked with synchronous `readdir`, links are never followed, and a folder
 * whose name no id maps back to (see `folder-layout.ts`) is left alone.
 * @module
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CollectionId, CollectionInfo } from "../../contract/index.js";
import { classify } from "../../errors/index.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import type { MaildirLayout } from "./config.js";
import { folderOf, inboxId, maildirParts, maildirPlusPlusId } from "./folder-layout.js";

/** A folder's info, with the role of the one folder a Maildir knows the use of, INBOX. */
export function infoOf(id: CollectionId, href: string): CollectionInfo {
  return id === inboxId ? { id, href, role: "inbox" } : { id, href };
}

/** How deep a `verbatim` walk goes: mail folders nest a few levels, not thirty. */
const maxDepth = 32;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw classify(error, `reading ${path}`);
  }
}

/** Whether `folder` is a Maildir: it holds `cur/` and `new/` (`tmp/` is made when a message is written). */
export function isMaildir(folder: string): boolean {
  return isFolder(join(folder, "cur")) && isFolder(join(folder, "new"));
}

function subfolders(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  } catch (error) {
    if (systemErrorCode(error) === "ENOENT") return [];
    throw classify(error, `listing ${folder}`);
  }
}

/** The id of `segments` when the layout maps it back to `folder`, so that opening it finds this folder. */
function idAt(root: string, segments: readonly string[], folder: string): CollectionId | undefined {
  try {
    const id = segments.join("/") as CollectionId;
    return folderOf(root, "verbatim", id) === folder ? id : undefined;
  } catch {
    return undefined;
  }
}

function walkVerbatim(root: string, folder: string, segments: string[], found: CollectionInfo[]): void {
  if (segments.length > maxDepth) return;
  const maildir = segments.length > 0 && isMaildir(folder);
  if (maildir) {
    const id = idAt(root, segments, folder);
    if (id !== undefined) found.push(infoOf(id, folder));
  }
  for (const entry of subfolders(folder)) {
    if (entry.name.startsWith(".")) continue;
    if (maildir && (maildirParts as readonly string[]).includes(entry.name)) continue;
    walkVerbatim(root, join(folder, entry.name), [...segments, entry.name], found);
  }
}

function findMaildirPlusPlus(root: string): CollectionInfo[] {
  const found: CollectionInfo[] = isMaildir(root) ? [infoOf(inboxId, root)] : [];
  for (const entry of subfolders(root)) {
    const id = maildirPlusPlusId(entry.name);
    const folder = join(root, entry.name);
    if (id !== undefined && isMaildir(folder)) found.push({ id, href: folder });
  }
  return found;
}

/** Every Maildir under `root`, sorted by id; none when the root does not exist. */
export function discoverFolders(root: string, layout: MaildirLayout): CollectionInfo[] {
  const found: CollectionInfo[] = [];
  if (layout === "verbatim") walkVerbatim(root, root, [], found);
  else found.push(...findMaildirPlusPlus(root));
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
