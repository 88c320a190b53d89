/**
 * The IMAP test servers: each starts on loopback with the capabilities its kind promises, and every
 * helper changes the account as it says, as another client would see it.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeImapServers } from "./describe-imap-servers.js";
import { imapServerKinds, mailMessage, messageId, startImapServer, type ImapServer } from "./index.js";

const message = (id: string) =>
  `From: a@example.org\r\nTo: b@example.com\r\nSubject: ${id}\r\nMessage-ID: <${id}@concord.test>\r\n\r\nText of ${id}.\r\n`;

describeImapServers(
  imapServerKinds,
  (kind) => kind,
  (kind) => {
    let server: ImapServer;

    beforeAll(async () => {
      server = await startImapServer(kind);
    });

    afterAll(() => server?.stop());

    it("serves on loopback with the capabilities of its kind", () => {
      expect(server.host).toBe("127.0.0.1");
      expect(server.port).toBeGreaterThan(0);
      expect(server.capabilities).toContain("UIDPLUS");
      const modseqs = kind !== "dovecot-plain";
      expect(server.capabilities.includes("CONDSTORE")).toBe(modseqs);
      expect(server.capabilities.includes("QRESYNC")).toBe(modseqs);
    });

    it("appends, lists, flags and expunges messages", async () => {
      const first = await server.append("INBOX", message("one"), ["\\Seen"]);
      const second = await server.append("INBOX", message("two"));
      expect(second).toBeGreaterThan(first);
      expect(await server.list("INBOX")).toEqual([
        { uid: first, flags: ["\\Seen"], messageId: "<one@concord.test>" },
        { uid: second, flags: [], messageId: "<two@concord.test>" },
      ]);

      await server.setFlags("INBOX", second, ["\\Flagged", "\\Answered"]);
      await server.expunge("INBOX", first);
      expect(await server.list("INBOX")).toEqual([
        { uid: second, flags: ["\\Answered", "\\Flagged"], messageId: "<two@concord.test>" },
      ]);
    });

    it("creates, renames and deletes folders, nested ones too", async () => {
      const nested = `Lists${server.separator}dev`;
      await server.createFolder("Lists");
      await server.createFolder(nested);
      await server.append(nested, message("three"));
      await server.renameFolder(nested, `Lists${server.separator}devel`);
      expect(await server.folders()).toEqual(
        expect.arrayContaining(["Lists", `Lists${server.separator}devel`]),
      );
      expect((await server.list(`Lists${server.separator}devel`)).map((m) => m.messageId)).toEqual([
        "<three@concord.test>",
      ]);
      await server.deleteFolder(`Lists${server.separator}devel`);
      expect(await server.folders()).not.toContain(`Lists${server.separator}devel`);
    });

    it("seeds a new folder with generated messages, in order and with their flags", async () => {
      const ids = await server.seed("Seeded", 60);
      expect(ids).toHaveLength(60);
      const listed = await server.list("Seeded");
      expect(listed.map((m) => m.messageId)).toEqual(ids);
      expect(listed.filter((m) => m.flags.includes("\\Seen")).length).toBe(42);
      // A second seed continues the series.
      const more = await server.seed("Seeded", 5);
      expect(more[0]).toBe(messageId(60));
      expect(await server.list("Seeded")).toHaveLength(65);
    });

    it("gives a folder a new UIDVALIDITY and keeps its messages", async () => {
      await server.seed("Renumbered", 3);
      const before = await server.uidValidity("Renumbered");
      const after = await server.changeUidValidity("Renumbered");
      expect(after).not.toBe(before);
      expect(await server.uidValidity("Renumbered")).toBe(after);
      expect(await server.list("Renumbered")).toHaveLength(3);
    });

    it("generates messages of realistic size", () => {
      expect(mailMessage(0).length).toBeGreaterThan(3000);
      expect(mailMessage(0).length).toBeLessThan(6000);
      expect(mailMessage(49).length).toBeGreaterThan(30_000);
      expect(mailMessage(0)).toBe(mailMessage(0));
    });

    it("removes its temp folder when stopped", async () => {
      const other = await startImapServer(kind);
      await other.append("INBOX", message("gone"));
      await other.stop();
      await other.stop();
      expect(existsSync(other.folder)).toBe(false);
    });
  },
);
