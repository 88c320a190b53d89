/**
 * Cyrus IMAP with its CalDAV and CardDAV modules: one `master` process that forks `httpd` for DAV and
 * `imapd` for IMAP, each on a loopback port of its own (`ports.http`, `ports.imap`), so the same server
 * can serve mail tests. Its configuration, databases and spool live in the temp folder; the account is
 * in a private sasldb. Cyrus logs only to syslog.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imapLogin } from "./imap-login.js";
import { listening } from "./port.js";
import type { Recipe, Site } from "./recipe.js";
import { giveTo, systemUser } from "./system-user.js";

const bin = "/usr/lib/cyrus/bin";
/** Cyrus's own name for the host, which the sasldb realm must match. */
const servername = "localhost";

const imapdConf = (folder: string): string => join(folder, "imapd.conf");

export const cyrus: Recipe = {
  packages: {
    "cyrus-imapd": `${bin}/imapd`,
    "cyrus-caldav": `${bin}/httpd`,
    "cyrus-common": `${bin}/master`,
    "sasl2-bin": "/usr/sbin/saslpasswd2",
  },
  ports: ["imap"],
  principalPath: ({ username }) => `/dav/principals/user/${username}/`,
  prepare(folder, { username, password }) {
    const sockets = join(folder, "sockets");
    // The folders Debian's `makedirs` gives a configdirectory; without db/ Cyrus's databases fail.
    const config = ["db", "proc", "socket", "log", "msg", "user", "quota", "lock"].map((sub) =>
      join(folder, "config", sub),
    );
    for (const path of [...config, join(folder, "spool"), sockets]) mkdirSync(path, { recursive: true });
    writeFileSync(
      imapdConf(folder),
      [
        `configdirectory: ${join(folder, "config")}`,
        `partition-default: ${join(folder, "spool")}`,
        `servername: ${servername}`,
        `lmtpsocket: ${join(sockets, "lmtp")}`,
        `idlesocket: ${join(sockets, "idle")}`,
        `notifysocket: ${join(sockets, "notify")}`,
        "allowplaintext: yes",
        "sasl_pwcheck_method: auxprop",
        "sasl_auxprop_plugin: sasldb",
        `sasl_sasldb_path: ${join(folder, "sasldb2")}`,
        "sasl_mech_list: PLAIN LOGIN",
        // A user's mailboxes, and with them the DAV homes, are made at the first IMAP login.
        "autocreate_quota: 0",
        "httpmodules: caldav carddav",
        // Cyrus provisions a new Default address book as soon as the old one is gone; deleted with the
        // default (delayed) mode within the same second, both get one DELETED.* name and the second
        // DELETE fails with 500.
        "delete_mode: immediate",
        "",
      ].join("\n"),
    );
    // saslpasswd2 reads the password from stdin (-p), so it never shows in a process list.
    execFileSync(
      "/usr/sbin/saslpasswd2",
      ["-p", "-c", "-f", join(folder, "sasldb2"), "-u", servername, username],
      { input: password },
    );
    const user = systemUser("cyrus");
    giveTo(user, ...["config", "spool", "sockets", "sasldb2"].map((name) => join(folder, name)), ...config);
  },
  services: ({ folder, ports, account }: Site) => {
    const conf = imapdConf(folder);
    // The listen addresses change when a start is retried on other ports, so cyrus.conf is written per start.
    writeFileSync(
      join(folder, "cyrus.conf"),
      [
        "START {",
        `  recover cmd="${bin}/ctl_cyrusdb -r -C ${conf}"`,
        "}",
        "SERVICES {",
        `  http cmd="${bin}/httpd -C ${conf}" listen="127.0.0.1:${ports.http}"`,
        `  imap cmd="${bin}/imapd -C ${conf}" listen="127.0.0.1:${ports.imap}"`,
        "}",
        "EVENTS {",
        "}",
        // idled tells imapd of changes made by other sessions, so IMAP IDLE answers at once
        // rather than after imapidlepoll's minute.
        "DAEMON {",
        `  idled cmd="${bin}/idled -C ${conf}"`,
        "}",
        "",
      ].join("\n"),
    );
    return [
      {
        name: "cyrus master",
        // Started as root, master drops to the cyrus user itself once its ports are bound.
        commandLine: [
          `${bin}/master`,
          ...["-C", conf, "-M", join(folder, "cyrus.conf"), "-p", join(folder, "master.pid")],
        ],
        ready: () => listening(ports.imap as number),
        // Before this login the account has no INBOX and Cyrus answers its DAV homes with 500.
        init: () => imapLogin(ports.imap as number, account.username, account.password),
      },
    ];
  },
};
