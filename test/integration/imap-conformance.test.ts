/**
 * The storage conformance suite for the imap storage against real IMAP servers. Each case's new
 * root stands for a fresh account: the folders and messages the previous case left are removed
 * first.
 */
import { afterAll, beforeAll } from "vitest";
import { runStorageConformance } from "../../src/storages/conformance/run.js";
import { ImapStorage } from "../../src/storages/imap/imap-storage.js";
import { messageModel } from "../../src/models/message.js";
import { describeImapServers, type ImapTestServer, startImapServer } from "../support/imap/imap-server.js";

describeImapServers("imap", (kind) => {
  let server: ImapTestServer;
  beforeAll(async () => {
    server = await startImapServer(kind);
  });
  afterAll(() => server?.stop());

  const seen = new Set<string>();
  runStorageConformance({
    name: `imap on ${kind}`,
    model: messageModel,
    async setup(root) {
      if (!seen.has(root)) {
        seen.add(root);
        await server.empty();
      }
      return { storage: new ImapStorage("conformance", server.config()), cleanup: async () => {} };
    },
    skip: [
      {
        tests: ["hostile names never write outside the storage's root"],
        reason: "an IMAP storage writes no local files: the server names every message by its UID",
      },
      {
        tests: [
          "probe answers present, then absent naming the path once the storage is gone, which never lists",
          "mark is made once, and probe shows it to this instance and a fresh one",
        ],
        reason: "an IMAP account has no probe or mark: an unreachable server fails the run instead",
      },
      {
        tests: [
          "createCollection stores the properties it is given",
          "properties can be set, read back, removed, and are seen by a fresh instance",
        ],
        reason: "an IMAP folder has no display name, colour or description apart from its name",
      },
      {
        tests: [
          "update with the current version replaces the content",
          "update with a stale version fails and changes nothing",
          "delete with a stale version fails and changes nothing",
          "after flush a fresh instance lists the same hrefs and versions",
          "after flush a fresh instance reads what was written",
          "setAttributes changes the attributes and not the content, and fails on a stale version",
        ],
        reason:
          "a message's content never changes under its UID: update appends the new content as a new message and expunges the old, so the href these cases keep using after an update is gone (imap-storage.test.ts covers update, stale versions, setAttributes and a fresh instance)",
      },
      {
        tests: ["readAll gives every item as get does, and a state list continues from"],
        reason:
          "listing UIDs and flags is one cheap FETCH and get reads the bodies in batches: one command for everything would save nothing",
      },
    ],
  });
});
