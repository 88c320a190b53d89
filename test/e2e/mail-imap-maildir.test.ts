/**
 * An IMAP account kept in agreement with a Maildir through the real CLI, against a real server:
 * messages both ways, flags both ways and merged, deletions both ways, folders, a second client
 * changing the server meanwhile, a wrong password.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { ImapFlow } from "imapflow";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { describeImapServers, type ImapTestServer, startImapServer } from "../support/imap/imap-server.js";
import { Workspace } from "../support/workspace.js";

const message = (key: string, subject = key): string =>
  [
    "From: Alice <alice@example.org>",
    "To: Bob <bob@example.org>",
    `Message-ID: <${key}@e2e.example.org>`,
    "Date: Tue, 02 Jan 2024 10:00:00 +0000",
    `Subject: ${subject}`,
    "",
    `Body of ${key}.`,
    "",
  ].join("\r\n");

describeImapServers("imap <-> maildir through the CLI", (kind) => {
  let server: ImapTestServer;
  let other: ImapFlow;
  let ws: Workspace;

  beforeAll(async () => {
    server = await startImapServer(kind);
  }, 120_000);
  afterAll(() => server?.stop());

  beforeEach(async () => {
    await server.empty();
    other = await server.client();
    ws = new Workspace();
    // A Maildir that is not there is refused (an unmounted disk); a new one is made by hand.
    mkdirSync(ws.path("mail"));
    ws.env.MAIL_PASSWORD = server.password;
    writeConfig();
  });
  /** The pair of the account and the Maildir, `pairExtra` added to its table. */
  const writeConfig = (pairExtra = ""): void =>
    ws.config(`${server.table("server", "MAIL_PASSWORD")}
[storage.local]
type = "maildir"
path = "${ws.path("mail")}"

[pair.mail]
a = "server"
b = "local"
collections = "all"
${pairExtra}`);
  afterEach(async () => {
    await other.logout();
    ws.dispose();
  });

  /** Every message file of a Maildir folder: its name (flags included) and its content. */
  const files = (folder: string): Map<string, string> => {
    const found = new Map<string, string>();
    for (const sub of ["new", "cur"]) {
      const at = ws.path("mail", folder, sub);
      for (const name of readdirSync(at)) found.set(`${sub}/${name}`, readFileSync(join(at, name), "utf8"));
    }
    return found;
  };
  const subjects = (folder: string): string[] =>
    [...files(folder).values()].map((text) => /^Subject: (.*)$/m.exec(text)?.[1] ?? "?").sort();
  /** The file of the message with this subject, and its flag letters. */
  const fileOf = (folder: string, subject: string): { path: string; flags: string } => {
    for (const [name, text] of files(folder)) {
      if (text.includes(`Subject: ${subject}\n`)) {
        return { path: ws.path("mail", folder, name), flags: /:2,([A-Za-z]*)$/.exec(name)?.[1] ?? "" };
      }
    }
    throw new Error(`no message ${subject} in ${folder}`);
  };
  /** Subject → flags, as the server holds them. */
  const onServer = async (folder: string): Promise<Map<string, string[]>> => {
    await other.mailboxOpen(folder);
    const found = new Map<string, string[]>();
    for await (const each of other.fetch("1:*", { envelope: true, flags: true })) {
      found.set(
        each.envelope?.subject ?? "?",
        [...(each.flags ?? [])].filter((flag) => flag !== "\\Recent").sort(),
      );
    }
    await other.mailboxClose();
    return found;
  };
  const sync = async (...args: string[]) => {
    const result = await ws.run("sync", ...args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result;
  };

  it("copies the account into the Maildir with flags and folders, then has nothing to do", async () => {
    await other.append("INBOX", message("one"), ["\\Seen"]);
    await other.append("INBOX", message("two"), ["\\Flagged", "$Forwarded"]);
    await other.append("INBOX", message("three"));
    await other.mailboxCreate("Work/Projects");
    await other.append("Work/Projects", message("plan"), ["\\Answered", "\\Seen"]);

    await sync();
    expect(subjects("INBOX")).toEqual(["one", "three", "two"]);
    expect(fileOf("INBOX", "one").flags).toBe("S");
    expect(fileOf("INBOX", "two").flags).toBe("FP");
    expect(fileOf("INBOX", "three").path).toContain("/new/");
    expect(fileOf("Work/Projects", "plan").flags).toBe("RS");
    // Stored the Maildir way, with LF line ends.
    expect(readFileSync(fileOf("INBOX", "one").path, "utf8")).toBe(message("one").replaceAll("\r\n", "\n"));

    const again = await sync("--dry-run");
    expect(again.stdout).not.toMatch(/create|update|delete|attributes/);
    const json = JSON.parse((await ws.run("sync", "--json")).stdout) as {
      pairs: { collections: { applied: unknown[]; fetched: { a: number; b: number } }[] }[];
    };
    for (const collection of json.pairs[0]?.collections ?? []) {
      expect(collection.applied).toEqual([]);
      expect(collection.fetched).toEqual({ a: 0, b: 0 });
    }
  });

  it("carries flags, deletions and new messages both ways, and merges flags changed on both sides", async () => {
    for (const key of ["read-there", "flag-here", "both", "gone-there", "gone-here"]) {
      await other.append("INBOX", message(key));
    }
    await sync();

    // On the server, as another client: mark one read, flag another, delete one, add one.
    await other.mailboxOpen("INBOX");
    const uids = new Map<string, number>();
    for await (const each of other.fetch("1:*", { envelope: true, uid: true })) {
      uids.set(each.envelope?.subject ?? "?", each.uid);
    }
    await other.messageFlagsAdd(String(uids.get("read-there")), ["\\Seen"], { uid: true });
    await other.messageFlagsAdd(String(uids.get("both")), ["\\Seen"], { uid: true });
    await other.messageDelete(String(uids.get("gone-there")), { uid: true });
    await other.mailboxClose();
    await other.append("INBOX", message("new-there"));

    // In the Maildir, as a mail client: flag one, flag "both" too, delete one, deliver one.
    for (const [subject, letters] of [
      ["flag-here", "F"],
      ["both", "F"],
    ] as const) {
      const { path } = fileOf("INBOX", subject);
      const name = path.split("/").at(-1)?.split(":")[0] as string;
      renameSync(path, ws.path("mail", "INBOX", "cur", `${name}:2,${letters}`));
    }
    unlinkSync(fileOf("INBOX", "gone-here").path);
    ws.write("mail/INBOX/new/1700000000.M1P1.e2e", message("new-here").replaceAll("\r\n", "\n"));

    await sync();
    const server = await onServer("INBOX");
    expect([...server.keys()].sort()).toEqual(["both", "flag-here", "new-here", "new-there", "read-there"]);
    expect(server.get("read-there")).toEqual(["\\Seen"]);
    expect(server.get("flag-here")).toEqual(["\\Flagged"]);
    expect(server.get("both")).toEqual(["\\Flagged", "\\Seen"]);
    expect(subjects("INBOX")).toEqual(["both", "flag-here", "new-here", "new-there", "read-there"]);
    expect(fileOf("INBOX", "read-there").flags).toBe("S");
    expect(fileOf("INBOX", "both").flags).toBe("FS");

    // Settled: one more sync changes nothing and copies nothing twice.
    const json = JSON.parse((await ws.run("sync", "--json")).stdout) as {
      pairs: { collections: { applied: unknown[] }[] }[];
    };
    expect(json.pairs[0]?.collections.flatMap((collection) => collection.applied)).toEqual([]);
    expect((await onServer("INBOX")).size).toBe(5);
  });

  it("pairs a folder's messages again by content when the server renumbers it (a new UIDVALIDITY)", async () => {
    await other.mailboxCreate("Work");
    for (const key of ["w1", "w2", "w3"])
      await other.append("Work", message(key), key === "w2" ? ["\\Flagged"] : []);
    await sync();
    const before = [...files("Work").keys()].sort();

    await server.server.changeUidValidity("Work");
    const json = JSON.parse((await ws.run("sync", "--json")).stdout) as {
      pairs: { collections: { name: string; applied: { kind: string }[] }[] }[];
    };
    const work = json.pairs[0]?.collections.find((collection) => collection.name === "Work");
    expect(work?.applied.map((action) => action.kind)).toEqual(["record", "record", "record"]);
    expect([...files("Work").keys()].sort()).toEqual(before);

    // The pairs hold: a flag set on the server after the renumbering reaches the Maildir.
    const renumbered = await server.server.list("Work");
    const first = renumbered.find((each) => each.messageId?.includes("w1"));
    await server.server.setFlags("Work", first?.uid ?? -1, ["\\Seen"]);
    await sync();
    expect(fileOf("Work", "w1").flags).toBe("S");
    expect(fileOf("Work", "w2").flags).toBe("F");
    expect(subjects("Work")).toEqual(["w1", "w2", "w3"]);
  });

  it("with max_age leaves older messages alone on both sides, and carries the newer ones", async () => {
    writeConfig('max_age = "90d"');
    await other.append("INBOX", message("old-there"), ["\\Seen"], new Date("2020-01-02T10:00:00Z"));
    await other.append("INBOX", message("new-there"));
    mkdirSync(ws.path("mail/INBOX/cur"), { recursive: true });
    mkdirSync(ws.path("mail/INBOX/new"), { recursive: true });
    mkdirSync(ws.path("mail/INBOX/tmp"), { recursive: true });
    ws.write("mail/INBOX/cur/1500000000.M1P1.e2e:2,S", message("old-here").replaceAll("\r\n", "\n"));
    ws.write(
      `mail/INBOX/new/${Math.floor(Date.now() / 1000)}.M2P2.e2e`,
      message("new-here").replaceAll("\r\n", "\n"),
    );

    await sync();
    expect(subjects("INBOX")).toEqual(["new-here", "new-there", "old-here"]);
    expect([...(await onServer("INBOX")).keys()].sort()).toEqual(["new-here", "new-there", "old-there"]);
    // Nothing is taken for deleted either: the next run changes nothing.
    const json = JSON.parse((await ws.run("sync", "--json")).stdout) as {
      pairs: { collections: { applied: unknown[] }[] }[];
    };
    expect(json.pairs[0]?.collections.flatMap((collection) => collection.applied)).toEqual([]);
  });

  it("makes folders on either side on the other", async () => {
    await other.mailboxCreate("From server");
    await other.append("From server", message("s"));
    ws.write("mail/From maildir/cur/1700000000.M2P2.e2e:2,S", message("m").replaceAll("\r\n", "\n"));
    ws.write("mail/From maildir/new/.keep-new", "");
    unlinkSync(ws.path("mail/From maildir/new/.keep-new"));
    ws.write("mail/From maildir/tmp/.keep", "");
    unlinkSync(ws.path("mail/From maildir/tmp/.keep"));
    await sync();
    expect(subjects("From server")).toEqual(["s"]);
    expect(await onServer("From maildir")).toEqual(new Map([["m", ["\\Seen"]]]));
  });

  it("names the server and never shows the password when the login is refused", async () => {
    ws.env.MAIL_PASSWORD = "not-the-password";
    const result = await ws.run("sync");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("127.0.0.1");
    expect(result.stderr).toContain(server.username);
    expect(result.stderr + result.stdout).not.toContain("not-the-password");
  });
});
