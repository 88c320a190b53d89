/**
 * The `imap` storage type: mail folders on an IMAP server.
 * @module
 */
import type { StorageDefinition } from "../../contract/index.js";
import { messageModel } from "../../models/message.js";
import { type ImapConfig, imapConfigSchema } from "./config.js";

export const definition: StorageDefinition<ImapConfig> = {
  type: "imap",
  description:
    "Mail folders on an IMAP server (Dovecot, Cyrus, Gmail, Fastmail, ...): each folder a collection, each message an item with its flags.",
  configSchema: imapConfigSchema,
  pollSeconds: (config) => config.interval,
  // IDLE on INBOX, so new mail arrives in seconds; the other folders are polled.
  announces: () => true,
  modelFor: () => messageModel,
  // Loaded when a config uses it: imapflow and its parsers are large.
  create: async (name, config, context) => {
    const { ImapStorage } = await import("./imap-storage.js");
    return new ImapStorage(name, config, context);
  },
};
