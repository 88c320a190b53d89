/**
 * A private Dovecot on a loopback port: its configuration, account and mail in a temp folder, its
 * master in the foreground as an unprivileged user (the `dovecot` account when the tests run as
 * root, else whoever runs them), and `doveadm` on its mail as that same user.
 */
import { execFile } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { ServerProcess } from "../servers/child.js";
import { imapLogin } from "../servers/imap-login.js";
import { systemUser } from "../servers/system-user.js";
import {
  configPath,
  dovecotConfig,
  logPath,
  usersLine,
  usersPath,
  type DovecotSetup,
  type RunUser,
} from "./dovecot-config.js";
import { dovecotInstall, pluginFiles } from "./dovecot-install.js";
import { waitUntil } from "./wait.js";

export interface DovecotAccount {
  readonly username: string;
  readonly password: string;
}

/** The user every Dovecot process runs as. */
function runUser(): RunUser {
  const uid = process.getuid?.() ?? 0;
  const account = uid === 0 ? systemUser("dovecot") : { ...userInfo(), name: userInfo().username };
  return { name: account.name, group: groupName(account.gid), uid: account.uid, gid: account.gid };
}

function groupName(gid: number): string {
  for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
    const [name, , id] = line.split(":");
    if (name && Number(id) === gid) return name;
  }
  throw new Error(`no group ${gid} in /etc/group`);
}

/** Owns a folder tree, recursively; only root can give files away. */
function giveTree(user: RunUser, path: string): void {
  if (process.getuid?.() !== 0) return;
  chownSync(path, user.uid, user.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) giveTree(user, child);
    else if (!entry.isSymbolicLink()) chownSync(child, user.uid, user.gid);
  }
}

export class Dovecot {
  private process: ServerProcess | undefined;

  private constructor(
    private readonly setup: DovecotSetup,
    private readonly account: DovecotAccount,
  ) {}

  /** Writes the configuration into `folder` (empty, removed by the caller) and starts the master. */
  static async start(
    folder: string,
    port: number,
    account: DovecotAccount,
    { plain, maxMessageBytes }: { plain: boolean; maxMessageBytes?: number | undefined },
  ): Promise<Dovecot> {
    const install = dovecotInstall();
    const plugins = join(folder, "plugins");
    for (const sub of ["run", "state", "mail", "plugins"]) mkdirSync(join(folder, sub));
    for (const [name, path] of pluginFiles(install)) symlinkSync(path, join(plugins, name));
    const setup: DovecotSetup = { folder, port, user: runUser(), install, plugins, plain, maxMessageBytes };
    writeFileSync(configPath(folder), dovecotConfig(setup));
    writeFileSync(usersPath(folder), usersLine(setup, account.username, account.password), { mode: 0o600 });
    giveTree(setup.user, folder);
    const dovecot = new Dovecot(setup, account);
    await dovecot.serve();
    return dovecot;
  }

  get folder(): string {
    return this.setup.folder;
  }

  /** Serves once a LOGIN as the account succeeds: only this server knows the account. */
  private async serve(): Promise<void> {
    const { install, user, folder } = this.setup;
    const asUser = process.getuid?.() === 0 ? { uid: user.uid, gid: user.gid } : undefined;
    const child = new ServerProcess(install.dovecot, ["-F", "-c", configPath(folder)], {
      user: asUser,
      cwd: folder,
    });
    this.process = child;
    let lastError = "";
    try {
      await waitUntil(`dovecot on port ${this.setup.port}`, child, async () => {
        try {
          await imapLogin(this.setup.port, this.account.username, this.account.password);
          return true;
        } catch (error) {
          lastError = String(error);
          return false;
        }
      });
    } catch (error) {
      await child.stop();
      this.process = undefined;
      throw new Error(`${String(error)}\nlast login attempt: ${lastError}\n${this.log()}`, { cause: error });
    }
  }

  /** The end of Dovecot's log, for error messages. */
  log(): string {
    const path = logPath(this.setup.folder);
    return existsSync(path) ? readFileSync(path, "utf8").slice(-4000) : "";
  }

  /**
   * Runs a doveadm command (`["mailbox", "update"]`) with its arguments on the account's mail, as
   * Dovecot's user, with settings overridden for this run (`mail_fsync=never`); resolves with its
   * standard output.
   */
  doveadm(
    command: readonly string[],
    args: readonly string[],
    settings: readonly string[] = [],
  ): Promise<string> {
    const { install, user, folder } = this.setup;
    const asUser = process.getuid?.() === 0 ? { uid: user.uid, gid: user.gid } : {};
    const overrides = settings.flatMap((setting) => ["-o", setting]);
    const full = ["-c", configPath(folder), ...overrides, ...command, "-u", this.account.username, ...args];
    return new Promise((resolve, reject) => {
      execFile(
        install.doveadm,
        full,
        { ...asUser, cwd: folder, maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error)
            reject(
              new Error(`doveadm ${[...command, ...args].join(" ")}: ${stderr || error.message}`, {
                cause: error,
              }),
            );
          else resolve(stdout);
        },
      );
    });
  }

  /** Hands files written by the tests (as root) to Dovecot's user, so doveadm can read and move them. */
  give(path: string): void {
    giveTree(this.setup.user, path);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }
}
