/**
 * The maildir storage: mail folders as Maildirs under one root, laid out as mbsync's `verbatim`
 * sub-folders or as Dovecot's and Courier's `maildir++` (see `folder-layout.ts`).
 * @module
 */
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { CollectionId, CollectionInfo, Presence, Storage } from "../../contract/index.js";
import { classify, PreconditionFailedError, ReadOnlyError } from "../../errors/index.js";
import { messageModel } from "../../models/message.js";
import { syncFolder } from "../local-fs/atomic-write.js";
import { systemErrorCode } from "../local-fs/system-error.js";
import type { MaildirConfig } from "./config.js";
import { deleteMaildir } from "./delete-maildir.js";
import { discoverFolders, infoOf, isMaildir } from "./discover-folders.js";
import { folderOf, inboxId, maildirParts } from "./folder-layout.js";
import { openMaildirCollection } from "./maildir-collection.js";

/** The empty file Courier and Dovecot put in every `maildir++` folder but INBOX. */
const subfolderMarker = "maildirfolder";

async function probeRoot(root: string): Promise<Presence> {
  try {
    if (statSync(root).isDirectory()) return { kind: "present" };
    return { kind: "absent", why: `${root} is not a folder` };
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { kind: "absent", why: `${root} does not exist (not mounted? make the folder to start)` };
    }
    throw classify(error, `reading ${root}`);
  }
}

export function createMaildirStorage(name: string, config: MaildirConfig): Storage {
  // Absolute, as listings and messages spell paths below it.
  const root = resolve(config.path);
  const { layout } = config;
  const readOnly = config.read_only;

  function refuseIfReadOnly(): void {
    if (readOnly) throw new ReadOnlyError(`storage ${name} is read-only`, { storage: name });
  }

  return {
    name,
    model: messageModel,
    // Each message waits for its fsync in libuv's pool while the next ones are written: 10,000
    // messages took 19 s with 8 in flight and 10 s with 32 on a disk whose fsync takes 5 ms.
    capabilities: { readOnly, writeConcurrency: 32, fetchBatchSize: 256 },

    probe: () => probeRoot(root),

    async discover(): Promise<CollectionInfo[]> {
      try {
        return discoverFolders(root, layout);
      } catch (error) {
        throw classify(error, `looking for Maildirs in ${root}`);
      }
    },

    open(info: CollectionInfo) {
      const folder = folderOf(root, layout, info.id);
      return openMaildirCollection({ info, storageName: name, folder, readOnly });
    },

    /** Makes the Maildir of `id` (and the folders above it); a mail folder has no properties to keep. */
    async createCollection(id: CollectionId): Promise<CollectionInfo> {
      refuseIfReadOnly();
      const folder = folderOf(root, layout, id);
      try {
        // Never adopt a Maildir someone else made: it may hold messages the engine knows nothing of.
        if (isMaildir(folder))
          throw new PreconditionFailedError(`${folder} exists already`, { what: folder });
        for (const part of maildirParts) mkdirSync(resolve(folder, part), { recursive: true });
        if (layout === "maildir++" && id !== inboxId)
          closeSync(openSync(resolve(folder, subfolderMarker), "a", 0o600));
        await syncFolder(folder);
        await syncFolder(resolve(folder, ".."));
      } catch (error) {
        throw classify(error, `creating ${folder}`);
      }
      return infoOf(id, folder);
    },

    /**
     * Removes a mail folder's Maildir once it holds no message: `cur/`, `new/`, `tmp/` and what
     * mail programs keep beside them, then the folder itself if nothing else is left. The folders
     * of other mail folders inside it (`INBOX/Sub` in `INBOX`) are never touched.
     */
    async deleteCollection(info: CollectionInfo): Promise<void> {
      refuseIfReadOnly();
      const folder = folderOf(root, layout, info.id);
      try {
        await deleteMaildir(folder, folder !== root);
      } catch (error) {
        throw classify(error, `deleting ${folder}`);
      }
    },
  } satisfies Storage;
}
