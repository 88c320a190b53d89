/**
 * The two mail synchronisers, each configured the way its documentation suggests for a whole IMAP
 * account paired with a Maildir, in a throw-away folder of its own: mbsync with one channel over
 * every folder (hierarchy kept as directories, state inside each Maildir folder), concord with one
 * pair over all collections.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ImapServer } from "../test/support/mail/index.js";
import { concordLauncher, measure, type Measurement } from "./measure.js";

export const mailToolNames = ["concord", "mbsync"] as const;
export type MailToolName = (typeof mailToolNames)[number];

export class MailTool {
  /** The Maildir the tool fills: INBOX and the other folders below it. */
  readonly maildir: string;
  private readonly config: string;

  constructor(
    readonly name: MailToolName,
    private readonly server: ImapServer,
    readonly root: string,
  ) {
    this.maildir = join(root, "mail");
    this.config = join(root, name === "concord" ? "config.toml" : "mbsyncrc");
    // Both create the folders below the Maildir's root, not the root itself.
    mkdirSync(this.maildir);
    writeFileSync(this.config, name === "concord" ? this.concordConfig() : this.mbsyncConfig(), {
      mode: 0o600,
    });
  }

  sync(): Promise<Measurement> {
    return this.name === "concord"
      ? measure(process.execPath, [concordLauncher, "-c", this.config, "sync"], {
          IMAP_PASSWORD: this.server.password,
        })
      : measure("mbsync", ["-c", this.config, "-a", "-q"]);
  }

  private concordConfig(): string {
    return `[general]
status_path = "${join(this.root, "status")}"

[storage.server]
type = "imap"
host = "${this.server.host}"
port = ${this.server.port}
security = "none"
username = "${this.server.username}"
password = { env = "IMAP_PASSWORD" }

[storage.local]
type = "maildir"
path = "${this.maildir}"

[pair.mail]
a = "server"
b = "local"
collections = "all"
`;
  }

  /** Without TLS, mbsync offers no mechanism unless one is named; the password is in the file (mode 0600). */
  private mbsyncConfig(): string {
    return `IMAPAccount bench
Host ${this.server.host}
Port ${this.server.port}
User ${this.server.username}
Pass ${this.server.password}
SSLType None
AuthMechs LOGIN

IMAPStore server
Account bench

MaildirStore local
Path ${this.maildir}/
Inbox ${this.maildir}/INBOX
SubFolders Verbatim

Channel mail
Far :server:
Near :local:
Patterns *
Create Near
Sync All
SyncState *
`;
  }
}
