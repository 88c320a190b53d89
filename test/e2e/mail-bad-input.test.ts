/**
 * Mail that cannot be carried, and a connection that drops in the middle of an answer, through the
 * real CLI against a real Dovecot: each is named (server, folder, message), everything else is
 * carried in the same run, and the next run finishes what can be finished without a duplicate.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startCuttingProxy, type CuttingProxy } from "../support/mail/cutting-proxy.js";
import {
  describeImapServers,
  type ImapServer,
  mailMessage,
  messageId,
  startImapServer,
} from "../support/mail/index.js";
import { Workspace } from "../support/workspace.js";

const maxMessageBytes = 64 * 1024;

describeImapServers(
  ["dovecot"],
  (kind) => `bad input between ${kind} and a Maildir`,
  (kind) => {
    let server: ImapServer;
    let proxy: CuttingProxy | undefined;
    let ws: Workspace;

    beforeEach(async () => {
      server = await startImapServer(kind, { maxMessageBytes });
      ws = new Workspace();
      mkdirSync(ws.path("mail"));
      ws.env.MAIL_PASSWORD = server.password;
    }, 120_000);
    afterEach(async () => {
      await proxy?.close();
      proxy = undefined;
      await server.stop();
      ws.dispose();
    });

    /** The pair of the account (reached at `port`) and the Maildir. */
    const configure = (port: number): void =>
      ws.config(`[storage.server]
type = "imap"
host = "127.0.0.1"
port = ${port}
security = "none"
username = "${server.username}"
password = { env = "MAIL_PASSWORD" }

[storage.local]
type = "maildir"
path = "${ws.path("mail")}"

[pair.mail]
a = "server"
b = "local"
collections = "all"
`);

    /** Writes a message into a Maildir folder, making the folder when it is new. */
    const deliver = (folder: string, name: string, content: string): void => {
      for (const sub of ["cur", "new", "tmp"]) mkdirSync(ws.path("mail", folder, sub), { recursive: true });
      ws.write(`mail/${folder}/cur/${name}:2,S`, content.replaceAll("\r\n", "\n"));
    };
    const messagesIn = (folder: string): number =>
      ["cur", "new"].reduce((count, sub) => count + readdirSync(ws.path("mail", folder, sub)).length, 0);
    const idsOnServer = async (folder: string): Promise<(string | undefined)[]> =>
      (await server.list(folder)).map((message) => message.messageId).sort();

    it("a message the server refuses is named, and the rest of its folder and the other folders arrive", async () => {
      configure(server.port);
      const big = `${mailMessage(1, "big")}${"x".repeat(2 * maxMessageBytes)}\r\n`;
      deliver("INBOX", "1700000001.M1P1.here", mailMessage(2, "small"));
      deliver("INBOX", "1700000002.M2P2.here", big);
      deliver("INBOX", "1700000003.M3P3.here", mailMessage(3, "small"));
      deliver("Lists", "1700000004.M4P4.here", mailMessage(4, "list"));

      const first = await ws.run("sync");
      expect(first.code).toBe(1);
      expect(first.stderr).toContain("127.0.0.1");
      expect(first.stderr).toContain("INBOX");
      expect(first.stderr).toContain("1700000002.M2P2.here");
      expect(first.stderr).toMatch(/larger than the maximum size/);
      expect(first.stderr + first.stdout).not.toContain(server.password);
      expect(await idsOnServer("INBOX")).toEqual([messageId(2, "small"), messageId(3, "small")]);
      expect(await idsOnServer("Lists")).toEqual([messageId(4, "list")]);

      // The next run tries the refused message again, and only it: nothing is copied twice.
      const second = await ws.run("sync");
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("1700000002.M2P2.here");
      expect((await server.list("INBOX")).length).toBe(2);
      expect(messagesIn("INBOX")).toBe(3);
    });

    it("malformed messages in the Maildir are carried as written, or named when the server refuses them", async () => {
      configure(server.port);
      deliver("INBOX", "1700000001.M1P1.here", mailMessage(1, "fine"));
      deliver("INBOX", "1700000002.M2P2.here", "");
      deliver("INBOX", "1700000003.M3P3.here", "no header at all, just text\n");
      deliver("INBOX", "1700000004.M4P4.here", "Subject: binary\n\n\u0000\u0001\u00ff\n");
      const first = await ws.run("sync");
      expect(first.code).toBe(1);
      expect(first.stderr).toContain("1700000002.M2P2.here");
      expect(first.stderr).toMatch(/zero byte/);
      expect(first.stderr.trim().split("\n")).toHaveLength(1);
      expect((await server.list("INBOX")).length).toBe(3);

      const second = await ws.run("sync");
      expect(second.stderr).toContain("1700000002.M2P2.here");
      expect((await server.list("INBOX")).length).toBe(3);
      expect(messagesIn("INBOX")).toBe(4);
    });

    it("a connection dropped in the middle of a FETCH fails what it did not bring, and the next run brings it", async () => {
      await server.seed("INBOX", 60);
      await server.createFolder("Archive");
      await server.seed("Archive", 60);
      // Past the login, the listing of folders and their first SELECT; well within the bodies.
      proxy = await startCuttingProxy(server, { cutAfter: 48 * 1024 });
      configure(proxy.port);

      const first = await ws.run("sync");
      expect(proxy.cut).toBe(true);
      expect(first.code).toBe(1);
      expect(first.stderr).toContain("127.0.0.1");
      const counts = ["INBOX", "Archive"].map(messagesIn);
      // One folder was being read when the connection dropped; the other was read whole, on a
      // connection made again.
      const short = counts.findIndex((count) => count < 60);
      expect(short).not.toBe(-1);
      expect(counts.filter((count) => count === 60)).toHaveLength(1);
      expect(first.stderr).toContain(["INBOX", "Archive"][short]);

      const second = await ws.run("sync");
      expect(second).toMatchObject({ code: 0, stderr: "" });
      expect(["INBOX", "Archive"].map(messagesIn)).toEqual([60, 60]);
      expect((await server.list("INBOX")).length).toBe(60);
      expect((await server.list("Archive")).length).toBe(60);
    });
  },
);
