/**
 * Fills a folder with many generated messages at once, the fastest way each server allows. Dovecot
 * imports a Maildir written straight to disk (`doveadm import`: 10,000 messages in seconds); other
 * servers get one APPEND after another (about 500 a second on loopback).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appendWith, withClient, type ImapAccount } from "./client.js";
import type { Dovecot } from "./dovecot.js";
import { mailMessage, messageId, seedFlags } from "./messages.js";

/** Messages `first` … `first + count - 1` of the seed series. */
export interface SeedRange {
  readonly first: number;
  readonly count: number;
}

/** One connection, one APPEND after another, so that UIDs follow the series. */
export async function seedByAppend(
  account: ImapAccount,
  folder: string,
  { first, count }: SeedRange,
): Promise<void> {
  await withClient(account, async (client) => {
    for (let k = first; k < first + count; k++)
      await appendWith(client, folder, mailMessage(k), seedFlags(k));
  });
}

/** Maildir's letters for the IMAP system flags, in the order a file name must list them. */
const letters: readonly [string, string][] = [
  ["\\Draft", "D"],
  ["\\Flagged", "F"],
  ["\\Answered", "R"],
  ["\\Seen", "S"],
  ["\\Deleted", "T"],
];

/**
 * Writes the messages as a Maildir (in `fs` layout, where folder `a/b` is the directory a/b) inside
 * Dovecot's temp folder, and imports that folder of it into the account's folder of the same name,
 * creating it if need be. A dovecot-uidlist numbers the files in the order of the series, so the
 * imported messages get their UIDs in that order too (Dovecot would number them as it lists them).
 */
export async function seedByImport(
  dovecot: Dovecot,
  folder: string,
  { first, count }: SeedRange,
): Promise<void> {
  const source = mkdtempSync(join(dovecot.folder, "seed-"));
  try {
    const box = join(source, folder === "INBOX" ? "" : folder);
    for (const sub of ["cur", "new", "tmp"]) mkdirSync(join(box, sub), { recursive: true });
    const uidlist = [`3 V1 N${count + 1}`];
    for (let at = 0; at < count; at++) {
      const k = first + at;
      const info = letters
        .filter(([flag]) => seedFlags(k).includes(flag))
        .map(([, letter]) => letter)
        .join("");
      const base = `${1_700_000_000 + k}.M${k}P1.concord-seed`;
      writeFileSync(join(box, "cur", `${base}:2,${info}`), mailMessage(k));
      uidlist.push(`${at + 1} :${base}`);
    }
    writeFileSync(join(box, "dovecot-uidlist"), `${uidlist.join("\n")}\n`);
    dovecot.give(source);
    // Test data need not survive a crash: without an fsync per message, 10,000 import in seconds.
    await dovecot.doveadm(
      ["import"],
      ["-s", `maildir:${source}:LAYOUT=fs:INDEX=MEMORY`, "", "mailbox", folder],
      ["mail_fsync=never"],
    );
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}

export const seededIds = ({ first, count }: SeedRange): string[] =>
  Array.from({ length: count }, (_, at) => messageId(first + at));
