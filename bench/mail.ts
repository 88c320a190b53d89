/**
 * The mail benchmark: a Dovecot account (CONDSTORE and QRESYNC on) holding N generated messages in
 * INBOX and four folders, pulled into an empty Maildir by mbsync and by concord, each tool with
 * its own Maildir and state, then synchronised again with nothing changed. The tools take turns,
 * the first one alternating per repetition; after every scenario each tool's Maildir must hold
 * exactly the account's messages, by Message-ID.
 */
import { existsSync, mkdtempSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { storageDefinitions } from "../src/storages/index.js";
import { mailMessage, startImapServer, type ImapServer } from "../test/support/mail/index.js";
import { maildirMessageIds } from "./maildir-ids.js";
import { MailTool, mailToolNames, type MailToolName } from "./mail-tools.js";
import type { Measurement } from "./measure.js";

export const mailScenarioNames = ["first pull", "nothing changed"] as const;
export type MailScenarioName = (typeof mailScenarioNames)[number];

export interface MailSample {
  readonly scenario: MailScenarioName;
  readonly tool: MailToolName;
  readonly measurement: Measurement;
}

export interface MailRun {
  readonly samples: MailSample[];
  /** Bytes of the generated messages. */
  readonly bytes: number;
  /** Why a tool took no part, e.g. a storage type concord does not have yet. */
  readonly skipped: readonly string[];
}

/** Where the messages go: INBOX holds most, the last folder what is left over. */
export const mailFolders: readonly (readonly [string, number])[] = [
  ["INBOX", 0.4],
  ["Archive", 0.25],
  ["Sent", 0.15],
  ["Lists/dev", 0.12],
  ["Drafts", 0.08],
];

/** The storage types concord's side of the benchmark needs. */
const concordTypes = ["imap", "maildir"];

export function concordMissing(): string | undefined {
  const missing = concordTypes.filter((type) => !storageDefinitions.has(type));
  return missing.length === 0
    ? undefined
    : `concord: skipped, no storage type ${missing.map((type) => `"${type}"`).join(" or ")} yet`;
}

async function seed(server: ImapServer, n: number): Promise<{ ids: Set<string>; bytes: number }> {
  const ids = new Set<string>();
  let left = n;
  for (const [index, [folder, share]] of mailFolders.entries()) {
    const count = index === mailFolders.length - 1 ? left : Math.round(n * share);
    left -= count;
    for (const id of await server.seed(folder, count)) ids.add(id);
  }
  let bytes = 0;
  for (let k = 0; k < n; k++) bytes += mailMessage(k).length;
  return { ids, bytes };
}

/**
 * The server's mail goes to a tmpfs when one has room (the generated files twice, with indexes): the
 * server is the same for both tools, and seeding thousands of messages on a slow disk takes long.
 */
function serverParent(n: number): string | undefined {
  const shm = "/dev/shm";
  if (!existsSync(shm)) return undefined;
  const { bavail, bsize } = statfsSync(shm);
  return bavail * bsize > n * 24_000 ? shm : undefined;
}

/**
 * mbsync sleeps a second when a Maildir folder changed within the current second, as it does right
 * after a pull; synchronisations minutes apart never meet that, so the scenarios are kept apart.
 */
const pauseMs = 2_000;

export async function runMail(n: number, reps: number, log: (line: string) => void): Promise<MailRun> {
  const server = await startImapServer("dovecot", { parent: serverParent(n) });
  const scratch = mkdtempSync(join(tmpdir(), "concord-bench-mail-"));
  try {
    const started = Date.now();
    const { ids, bytes } = await seed(server, n);
    log(
      `mail n=${n}: seeded ${(bytes / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const missing = concordMissing();
    const tools = mailToolNames.filter((tool) => tool !== "concord" || missing === undefined);
    const run: MailRun = { samples: [], bytes, skipped: missing ? [missing] : [] };
    if (missing) log(missing);
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? tools : [...tools].reverse();
      const setups = order.map((tool) => new MailTool(tool, server, mkdtempSync(join(scratch, `${tool}-`))));
      for (const scenario of mailScenarioNames) {
        if (scenario !== "first pull") await sleep(pauseMs);
        for (const setup of setups) {
          const measurement = await setup.sync();
          run.samples.push({ scenario, tool: setup.name, measurement });
          log(
            `mail n=${n} rep ${rep + 1}/${reps} ${scenario} ${setup.name}: ${measurement.seconds.toFixed(2)} s, ${(measurement.rssKiB / 1024).toFixed(0)} MB`,
          );
        }
        for (const setup of setups) expectSame(setup, scenario, ids);
      }
    }
    return run;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await server.stop();
  }
}

/** Throws unless the tool's Maildir holds each of the account's messages exactly once. */
function expectSame(tool: MailTool, scenario: MailScenarioName, ids: ReadonlySet<string>): void {
  const found = maildirMessageIds(tool.maildir);
  const counts = new Map<string, number>();
  for (const id of found) counts.set(id, (counts.get(id) ?? 0) + 1);
  const lacking = [...ids].filter((id) => !counts.has(id));
  const doubled = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  const foreign = [...counts.keys()].filter((id) => !ids.has(id));
  if (lacking.length + doubled.length + foreign.length === 0) return;
  throw new Error(
    `${tool.name}, ${scenario}: the Maildir lacks ${lacking.length} messages (e.g. ${lacking.slice(0, 3).join(" ")}), holds ${doubled.length} twice, ${foreign.length} unknown`,
  );
}
