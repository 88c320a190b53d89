/**
 * The `[storage.NAME]` table of a maildir storage.
 * @module
 */
import { z } from "zod";
import { pathSchema, storageCommonShape } from "../../config/common.js";

export const maildirLayouts = ["verbatim", "maildir++"] as const;
export type MaildirLayout = (typeof maildirLayouts)[number];

export const maildirConfigSchema = z.strictObject({
  type: z
    .literal("maildir")
    .describe("Mail folders as Maildirs, one file per message (mutt, notmuch, mbsync)."),
  path: pathSchema.describe(
    "The folder that holds the Maildirs. It must exist: a missing one (an unmounted disk) stops the sync instead of reading as every message deleted.",
  ),
  layout: z
    .enum(maildirLayouts)
    .default("verbatim")
    .describe(
      'How mail folders map to Maildirs: "verbatim" gives each folder a sub-folder of its own, INBOX included ("INBOX/Sub" at PATH/INBOX/Sub, mbsync\'s SubFolders Verbatim); "maildir++" makes PATH itself INBOX and other folders ".Folder.Sub" in it (Dovecot, Courier).',
    ),
  ...storageCommonShape,
});

export type MaildirConfig = z.output<typeof maildirConfigSchema>;
