/**
 * The configuration of a private Dovecot 2.3: IMAP only, on one loopback port, every file under its
 * temp folder, one account in a passwd-file, run wholly as one unprivileged user (no chroot, no
 * privilege separation), and Maildir storage with "/" as the hierarchy separator.
 */
import { join } from "node:path";
import type { DovecotInstall } from "./dovecot-install.js";

export interface RunUser {
  readonly name: string;
  readonly group: string;
  readonly uid: number;
  readonly gid: number;
}

export interface DovecotSetup {
  readonly folder: string;
  readonly port: number;
  readonly user: RunUser;
  readonly install: DovecotInstall;
  /** The folder of links to every mail plugin (see `pluginFiles`). */
  readonly plugins: string;
  /** Leave CONDSTORE and QRESYNC out of the capabilities, so that clients take their fallbacks. */
  readonly plain: boolean;
  /** Refuse to store a message larger than this (the quota plugin's `quota_max_mail_size`). */
  readonly maxMessageBytes?: number | undefined;
}

/**
 * Dovecot 2.3.19's capabilities after login, less CONDSTORE and QRESYNC; imap_zlib adds
 * COMPRESS=DEFLATE itself. Dovecot has no way to remove a capability but to list all the others.
 */
const plainCapabilities = [
  "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS",
  "THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS",
  "LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE",
  "SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+",
].join(" ");

export const configPath = (folder: string): string => join(folder, "dovecot.conf");
export const usersPath = (folder: string): string => join(folder, "users");
export const logPath = (folder: string): string => join(folder, "dovecot.log");
export const mailHome = (folder: string, username: string): string => join(folder, "mail", username);

export function dovecotConfig(setup: DovecotSetup): string {
  const { folder, port, user, install } = setup;
  const executables = Object.entries(install.imapExecutables).map(
    ([service, path]) => `service ${service} {\n  executable = ${path}\n}`,
  );
  return [
    "protocols = imap",
    "listen = 127.0.0.1",
    `base_dir = ${join(folder, "run")}`,
    `state_dir = ${join(folder, "state")}`,
    `log_path = ${logPath(folder)}`,
    "ssl = no",
    "disable_plaintext_auth = no",
    "auth_mechanisms = plain login",
    `default_internal_user = ${user.name}`,
    `default_internal_group = ${user.group}`,
    `default_login_user = ${user.name}`,
    // Dovecot refuses mail access to system accounts (uid < 500) unless told otherwise.
    `first_valid_uid = ${user.uid}`,
    `last_valid_uid = ${user.uid}`,
    `first_valid_gid = ${user.gid}`,
    `last_valid_gid = ${user.gid}`,
    `mail_plugin_dir = ${setup.plugins}`,
    "mail_location = maildir:~/Maildir",
    "passdb {",
    "  driver = passwd-file",
    `  args = scheme=PLAIN username_format=%u ${usersPath(folder)}`,
    "}",
    "userdb {",
    "  driver = passwd-file",
    `  args = username_format=%u ${usersPath(folder)}`,
    "}",
    "namespace inbox {",
    "  inbox = yes",
    "  separator = /",
    // Special uses come from the configuration in Dovecot 2.3 (it has no CREATE-SPECIAL-USE):
    // folders of these names carry them, as a provider's defaults would.
    '  mailbox "Sent Items" {',
    "    special_use = \\Sent",
    "  }",
    "  mailbox Sent {",
    "    special_use = \\Sent",
    "  }",
    "  mailbox Trash {",
    "    special_use = \\Trash",
    "  }",
    "  mailbox Drafts {",
    "    special_use = \\Drafts",
    "  }",
    "  mailbox Junk {",
    "    special_use = \\Junk",
    "  }",
    "}",
    "service imap-login {",
    // Chrooting needs root; the login processes run as the same user as the rest.
    "  chroot =",
    "  inet_listener imap {",
    "    address = 127.0.0.1",
    `    port = ${port}`,
    "  }",
    "  inet_listener imaps {",
    "    port = 0",
    "  }",
    "}",
    "service anvil {",
    "  chroot =",
    "}",
    ...executables,
    ...(setup.maxMessageBytes === undefined
      ? []
      : [
          "mail_plugins = $mail_plugins quota",
          "plugin {",
          // The count backend needs no quota file; the limit that matters here is per message.
          "  quota = count:User quota",
          "  quota_vsizes = yes",
          `  quota_max_mail_size = ${setup.maxMessageBytes}`,
          "}",
        ]),
    "protocol imap {",
    // COMPRESS=DEFLATE, which mbsync and imapflow use when offered.
    "  mail_plugins = $mail_plugins imap_zlib",
    // Synchronisers open a few connections at once; the default allows 10 per user and address.
    "  mail_max_userip_connections = 100",
    ...(setup.plain ? [`  imap_capability = ${plainCapabilities}`] : []),
    "}",
    "",
  ].join("\n");
}

/** The passwd-file line of the one account: every mail file belongs to the user Dovecot runs as. */
export const usersLine = (setup: DovecotSetup, username: string, password: string): string =>
  `${username}:{PLAIN}${password}:${setup.user.uid}:${setup.user.gid}::${mailHome(setup.folder, username)}\n`;
