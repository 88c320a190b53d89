/**
 * The `maildir` storage type: mail folders as Maildirs, one file per message.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { messageModel } from "../../models/message.js";
import { maildirConfigSchema, type MaildirConfig } from "./config.js";
import { createMaildirStorage } from "./maildir.js";

export type { MaildirConfig } from "./config.js";

export const definition: StorageDefinition<MaildirConfig> = {
  type: "maildir",
  description: "Mail folders as Maildirs, one file per message, as mutt, notmuch and mbsync keep them.",
  configSchema: maildirConfigSchema,
  // Watched whole: a message delivered, removed or renamed (a flag) in any folder syncs the pair;
  // deliveries still being written (tmp/) and the indexes of mail clients do not count.
  watchLayout: (config) => ({
    kind: "tree",
    root: config.path,
    ignores: (relative) =>
      relative.split("/").some((segment) => segment === "tmp" || segment.startsWith(".notmuch")),
  }),
  modelFor: () => messageModel,
  create: async (name, config) => createMaildirStorage(name, config),
};
