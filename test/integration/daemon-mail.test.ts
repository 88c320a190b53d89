/**
 * `concord daemon` on an IMAP account and a Maildir: new mail in INBOX arrives within seconds,
 * told by the server (IDLE), and a flag set in the Maildir reaches the server as soon (the Maildir
 * is watched), both long before the poll interval. The real CLI in a child process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { describeImapServers, type ImapTestServer, startImapServer } from "../support/imap/imap-server.js";
import { eventually } from "../support/eventually.js";
import { Workspace } from "../support/workspace.js";

const launcher = fileURLToPath(new URL("../../bin/concord", import.meta.url));

const message = (key: string): string =>
  `Message-ID: <${key}@daemon.example.org>\r\nSubject: ${key}\r\n\r\nHello.\r\n`;

describeImapServers("concord daemon on an IMAP account", (kind) => {
  let server: ImapTestServer;
  let ws: Workspace;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    server = await startImapServer(kind);
  }, 120_000);
  afterAll(() => server?.stop());
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    ws.dispose();
  });

  it("brings new mail in INBOX within seconds of its arrival, told by IDLE, not by a poll", async () => {
    await server.empty();
    ws = new Workspace();
    mkdirSync(ws.path("mail"));
    ws.env.MAIL_PASSWORD = server.password;
    // An hour between polls: only the server's word can bring the message in time.
    ws.config(`${server.table("server", "MAIL_PASSWORD", "interval = 3600")}
[storage.local]
type = "maildir"
path = "${ws.path("mail")}"

[pair.mail]
a = "server"
b = "local"
collections = "all"
`);
    let stderr = "";
    child = spawn(
      process.execPath,
      [launcher, "-c", ws.path("config.toml"), "daemon", "--log-format", "json"],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...ws.env },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const syncs = () =>
      stderr
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { reason: string; error: string | null });
    await eventually(() => syncs().length >= 1, "the first sync is done");

    const inbox = () => ["new", "cur"].flatMap((sub) => readdirSync(ws.path("mail", "INBOX", sub)));
    expect(inbox()).toEqual([]);
    // Give the listening connection time to enter IDLE after the first sync.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.server.append("INBOX", message("arrived"));
    await eventually(() => inbox().length === 1, "the new message is in the Maildir", 15_000);
    expect(syncs().map((line) => line.reason)).toContain("change");

    // A mail client flags it in the Maildir: the watch carries it to the server, again no poll.
    const [name] = inbox();
    const unique = (name as string).split(":")[0] as string;
    const from = ["new", "cur"].map((sub) => ws.path("mail", "INBOX", sub, name as string)).find(existsSync);
    renameSync(from as string, ws.path("mail", "INBOX", "cur", `${unique}:2,F`));
    await eventually(
      async () => (await server.server.list("INBOX"))[0]?.flags.includes("\\Flagged") === true,
      "the flag set in the Maildir is on the server",
      15_000,
    );
    expect(syncs().every((line) => line.error === null)).toBe(true);
  });
});
