/**
 * A migration between two IMAP servers through the CLI (`one_way = true`): the new account
 * becomes a copy of the old one, folders of one special use are matched whatever their names,
 * what only the new account had is removed, and changes made there are reverted. `--dry-run`
 * shows it first and changes nothing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ImapServer } from "../support/mail/index.js";
import {
  createSpecialUse,
  describeImapServers,
  type ImapTestServer,
  startImapServer,
} from "../support/imap/imap-server.js";
import { Workspace } from "../support/workspace.js";

const message = (key: string): string =>
  `From: a@example.org\r\nMessage-ID: <${key}@migration.example.org>\r\nSubject: ${key}\r\n\r\nBody ${key}.\r\n`;

/** Folder → subject → flags, as a server holds them. */
async function contents(server: ImapServer): Promise<Record<string, Record<string, string[]>>> {
  const all: Record<string, Record<string, string[]>> = {};
  for (const folder of await server.folders()) {
    const messages = await server.list(folder);
    if (messages.length === 0) continue;
    all[folder] = Object.fromEntries(
      messages.map((each) => [/<(.*)@/.exec(each.messageId ?? "")?.[1] ?? "?", [...each.flags].sort()]),
    );
  }
  return all;
}

/**
 * A folder for sent mail: with that special use where the server can create one (Cyrus's
 * CREATE-SPECIAL-USE); Dovecot gives it by the folder's name, from its configuration.
 */
async function createSent(server: ImapTestServer, name: string): Promise<void> {
  const client = await server.client();
  try {
    await createSpecialUse(client, name, "\\Sent");
  } finally {
    await client.logout();
  }
}

describeImapServers("a one-way migration between two IMAP accounts", (kind) => {
  let old: ImapTestServer;
  let fresh: ImapTestServer;
  beforeAll(async () => {
    [old, fresh] = await Promise.all([startImapServer(kind), startImapServer(kind)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([old?.stop(), fresh?.stop()]);
  });

  it("makes the new account a copy of the old one, shown first by --dry-run", async () => {
    await old.server.append("INBOX", message("hello"), ["\\Seen"]);
    await old.server.append("INBOX", message("unread"));
    await createSent(old, "Sent Items");
    await old.server.append("Sent Items", message("sent"), ["\\Seen"]);
    await old.server.createFolder("Projects/2024");
    await old.server.append("Projects/2024", message("plan"), ["\\Flagged"]);
    await fresh.server.append("INBOX", message("only-on-the-new-server"));
    await createSent(fresh, "Sent");

    const ws = new Workspace();
    try {
      ws.env.OLD_PASSWORD = old.password;
      ws.env.NEW_PASSWORD = fresh.password;
      ws.config(`${old.table("old", "OLD_PASSWORD")}
${fresh.table("new", "NEW_PASSWORD")}
[pair.move]
a = "old"
b = "new"
collections = "all"
one_way = true
`);
      const before = await contents(fresh.server);
      const dry = await ws.run("sync", "--dry-run");
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain("delete");
      expect(dry.stdout).toContain("create");
      expect(await contents(fresh.server)).toEqual(before);

      const run = await ws.run("sync");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      // The new server's Sent (matched by its special use, where the servers announce one) holds
      // what the old one's Sent Items held; without, Sent Items is made there and Sent removed.
      const sentOnNew = fresh.server.capabilities.includes("SPECIAL-USE") ? "Sent" : "Sent Items";
      expect(await contents(fresh.server)).toEqual({
        INBOX: { hello: ["\\Seen"], unread: [] },
        [sentOnNew]: { sent: ["\\Seen"] },
        "Projects/2024": { plan: ["\\Flagged"] },
      });

      // Changes made on the new account are reverted by the next run.
      const inbox = await fresh.server.list("INBOX");
      const unread = inbox.find((each) => each.messageId?.includes("unread"));
      await fresh.server.setFlags("INBOX", unread?.uid ?? -1, ["\\Seen", "\\Flagged"]);
      await fresh.server.append("INBOX", message("written-on-the-new-server"));
      expect((await ws.run("sync")).code).toBe(0);
      expect((await contents(fresh.server)).INBOX).toEqual({ hello: ["\\Seen"], unread: [] });
      // Nothing was written to the old account.
      expect((await contents(old.server)).INBOX).toEqual({ hello: ["\\Seen"], unread: [] });
    } finally {
      ws.dispose();
    }
  });
});
