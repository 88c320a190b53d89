/**
 * Where this machine's Dovecot is. Debian's dovecot-imapd conflicts with cyrus-imapd (both provide
 * imap-server) and the DAV tests need Cyrus, so dovecot-imapd may be unpacked beside the system
 * instead of installed (`extract-dovecot-imapd` next to this file); dovecot-core conflicts with
 * nothing and is installed as usual. A Dovecot cannot be relocated whole: libdovecot opens its
 * compiled-in module folder (/usr/lib/dovecot/modules) at every login, with no setting to move it.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const libexec = "/usr/lib/dovecot";
/** Where `extract-dovecot-imapd` unpacks dovecot-imapd unless told otherwise. */
const unpacked = process.env.CONCORD_DOVECOT_IMAPD ?? "/var/cache/concord-test/dovecot-imapd";
const unpackedLibexec = join(unpacked, "usr/lib/dovecot");

export const extractScript = "test/support/mail/extract-dovecot-imapd";

export interface DovecotInstall {
  readonly dovecot: string;
  readonly doveadm: string;
  /** Absolute executables for the IMAP services, when they are not in the compiled-in folder. */
  readonly imapExecutables: Readonly<Record<string, string>>;
  /** Folders whose plugins the mail processes load (the unpacked IMAP plugins beside the core ones). */
  readonly pluginFolders: readonly string[];
}

/** The IMAP services of dovecot-imapd; the master checks that each one's executable exists. */
const imapServices = [
  "imap",
  "imap-login",
  "imap-hibernate",
  "imap-urlauth",
  "imap-urlauth-login",
  "imap-urlauth-worker",
];

/** Why Dovecot cannot start here, or undefined when it can. */
export function dovecotMissing(): string | undefined {
  const missing: string[] = [];
  if (!existsSync("/usr/sbin/dovecot") || !existsSync("/usr/bin/doveadm")) missing.push("dovecot-core");
  if (!existsSync(join(libexec, "imap")) && !existsSync(join(unpackedLibexec, "imap")))
    missing.push(`dovecot-imapd (installed, or unpacked into ${unpacked} by ${extractScript})`);
  return missing.length === 0 ? undefined : `not installed: ${missing.join(", ")}`;
}

export function dovecotInstall(): DovecotInstall {
  const missing = dovecotMissing();
  if (missing) throw new Error(`cannot start dovecot: ${missing}`);
  const installed = existsSync(join(libexec, "imap"));
  const modules = join(libexec, "modules");
  return {
    dovecot: "/usr/sbin/dovecot",
    doveadm: "/usr/bin/doveadm",
    imapExecutables: installed
      ? {}
      : Object.fromEntries(imapServices.map((service) => [service, join(unpackedLibexec, service)])),
    pluginFolders: installed ? [modules] : [modules, join(unpackedLibexec, "modules")],
  };
}

/** Every plugin file of the folders, by name: the mail processes load them from one folder. */
export function pluginFiles(install: DovecotInstall): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of install.pluginFolders)
    for (const name of readdirSync(folder)) if (name.endsWith(".so")) files.set(name, join(folder, name));
  return files;
}
