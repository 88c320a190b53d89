/**
 * The results as Markdown tables with the machine they were measured on, printed and kept in
 * docs/BENCHMARKS.md between markers, one pair per kind of item (events, contacts), so the page's
 * prose stays as written and a run of one kind leaves the other's table alone.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { format, resolveConfig } from "prettier";
import type { ServerKind } from "../test/support/servers/index.js";
import { backupScenarioNames, backupToolNames, type BackupRun, type BackupToolName } from "./backup.js";
import { filesScenarioNames, filesToolNames, type FilesRun, type FilesToolName } from "./files.js";
import type { KindName } from "./kinds.js";
import { mailScenarioNames, type MailRun } from "./mail.js";
import type { MailToolName } from "./mail-tools.js";
import { relayScenarioNames, type RelayRun, type RelayToolName } from "./relay.js";
import { scenarioNames, type ServerRun } from "./scenarios.js";

export interface Result {
  readonly server: ServerKind;
  readonly kind: KindName;
  readonly n: number;
  readonly reps: number;
  readonly run: ServerRun;
}

/** One size of a benchmark other than the calendars': N, the repetitions, what they measured. */
export interface SizedResult<Run> {
  readonly n: number;
  readonly reps: number;
  readonly run: Run;
}

/** A file tree of N files, synchronised by concord and the tools it is compared with. */
export type FilesResult = SizedResult<FilesRun>;

/** A work folder of N files backed up to two disks by concord and by rsync. */
export type BackupResult = SizedResult<BackupRun>;

/** An IMAP account of N messages pulled into a Maildir by concord and by mbsync. */
export type MailResult = SizedResult<MailRun>;

/** A tree of N files at two places, a change of N / 50 files sent and applied through a relay. */
export type RelayResult = SizedResult<RelayRun>;

/** What a table is kept under in the page: a kind of item, the file trees, the backups, mail, or the relay. */
export type Section = KindName | "files" | "backup" | "mail" | "relay";

const markers = (kind: Section) => ({
  start: `<!-- bench:${kind}:start -->`,
  end: `<!-- bench:${kind}:end -->`,
});

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function table(results: readonly Result[]): string {
  const rows = [
    "| scenario | N | server | runs | concord | vdirsyncer | vdirsyncer / concord | server floor | concord CPU | concord peak RSS | vdirsyncer peak RSS |",
    "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { server, n, reps, run } of results) {
    const floor = `${median(run.floor).toFixed(2)} s`;
    for (const scenario of scenarioNames) {
      const of = (tool: string) => run.samples.filter((s) => s.scenario === scenario && s.tool === tool);
      const concord = of("concord");
      const vdirsyncer = of("vdirsyncer");
      if (concord.length === 0) continue;
      const seconds = (samples: typeof concord) => median(samples.map((s) => s.measurement.seconds));
      const rss = (samples: typeof concord) =>
        `${(Math.max(...samples.map((s) => s.measurement.rssKiB)) / 1024).toFixed(0)} MB`;
      const cpu = median(concord.map((s) => s.measurement.cpuSeconds));
      const ratio = seconds(vdirsyncer) / seconds(concord);
      rows.push(
        `| ${scenario} | ${n} | ${server} | ${reps} | ${seconds(concord).toFixed(2)} s | ${seconds(vdirsyncer).toFixed(2)} s | ${ratio.toFixed(1)}× | ${floor} | ${cpu.toFixed(2)} s | ${rss(concord)} | ${rss(vdirsyncer)} |`,
      );
    }
  }
  return rows.join("\n");
}

function output(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8" }).trimEnd();
  } catch {
    return "unknown";
  }
}

const version = (command: string, args: string[]) => output(command, args).split("\n")[0] as string;

/** The machine, with the load others put on it while the table was measured. */
export function machine(section: Section = "events"): string {
  const filesystem = `${output("findmnt", ["-n", "-o", "FSTYPE,OPTIONS", "-T", tmpdir()])} under ${tmpdir()}`;
  const tools =
    section === "relay"
      ? `${version("cp", ["--version"])}; ${filesystem}`
      : section === "files" || section === "backup"
        ? `${version("cp", ["--version"])}; ${version("rsync", ["--version"]).replace(/ +protocol.*/, "")}; ${version("unison", ["-version"])}; ${filesystem}`
        : section === "mail"
          ? `${version("mbsync", ["--version"])}; Dovecot ${version("dovecot", ["--version"])}; ${filesystem}`
          : `${version("vdirsyncer", ["--version"])}; Radicale ${version("radicale", ["--version"])}; Xandikos ${version("xandikos", ["--version"]).split(" ").at(-1)}`;
  return [
    `- CPUs (\`nproc\`): ${availableParallelism()}; load average when the table was written: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(", ")}`,
    `- Node ${process.version}; ${tools}`,
    "- `free -h`:",
    "",
    "```",
    output("free", ["-h"]),
    "```",
  ].join("\n");
}

export function block(results: readonly Result[], failures: readonly string[]): string {
  return [
    "Medians over the runs (wall time, and concord's CPU time, user + system); peak RSS is the largest of them.",
    "",
    table(results),
    ...(failures.length > 0 ? ["", "Failed:", "", ...failures.map((failure) => `- ${failure}`)] : []),
    "",
    machine(),
  ].join("\n");
}

const seconds = (samples: readonly { measurement: { seconds: number } }[]) =>
  median(samples.map((s) => s.measurement.seconds));
const megabytes = (samples: readonly { measurement: { rssKiB: number } }[]) =>
  `${(Math.max(...samples.map((s) => s.measurement.rssKiB)) / 1024).toFixed(0)} MB`;

/**
 * A sized benchmark's block: what it measures, its tables, a line of notes (the sizes), what failed,
 * and the machine.
 */
function sizedBlock(
  section: Section,
  intro: string,
  tables: readonly string[],
  notes: readonly string[],
  failures: readonly string[],
): string {
  return [
    intro,
    ...tables.flatMap((table) => ["", table]),
    ...notes.flatMap((note) => ["", note]),
    ...(failures.length > 0 ? ["", "Failed:", "", ...failures.map((failure) => `- ${failure}`)] : []),
    "",
    machine(section),
  ].join("\n");
}

export function filesTable(results: readonly FilesResult[]): string {
  const rows = [
    "| scenario | N | runs | concord | cp -a + sync | rsync -a | unison | concord CPU | concord peak RSS | rsync peak RSS | unison peak RSS |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { n, reps, run } of results) {
    for (const scenario of filesScenarioNames) {
      const of = (tool: FilesToolName) =>
        run.samples.filter((sample) => sample.scenario === scenario && sample.tool === tool);
      const time = (tool: FilesToolName) => (of(tool).length > 0 ? `${seconds(of(tool)).toFixed(2)} s` : "—");
      const rss = (tool: FilesToolName) => (of(tool).length > 0 ? megabytes(of(tool)) : "—");
      if (of("concord").length === 0) continue;
      const cpu = median(of("concord").map((sample) => sample.measurement.cpuSeconds));
      rows.push(
        `| ${scenario} | ${n} | ${reps} | ${filesToolNames.map(time).join(" | ")} | ${cpu.toFixed(2)} s | ${rss("concord")} | ${rss("rsync")} | ${rss("unison")} |`,
      );
    }
  }
  return rows.join("\n");
}

export function filesBlock(results: readonly FilesResult[], failures: readonly string[]): string {
  const trees = results.map(
    ({ n, run }) => `N = ${n}: ${(run.bytes / 1e6).toFixed(0)} MB in ${run.folders} folders`,
  );
  return sizedBlock(
    "files",
    "Medians over the runs (wall time of the whole command, and concord's CPU time, user + system); peak RSS is the largest of them. Warm cache: the page cache is not dropped between runs.",
    [filesTable(results)],
    trees.length > 0 ? [`Trees: ${trees.join("; ")}.`] : [],
    failures,
  );
}

export function backupTable(results: readonly BackupResult[]): string {
  const rows = [
    "| scenario | N | runs | concord backup | rsync -a to each | concord CPU | concord peak RSS | rsync peak RSS |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { n, reps, run } of results) {
    for (const scenario of backupScenarioNames) {
      const of = (tool: BackupToolName) =>
        run.samples.filter((sample) => sample.scenario === scenario && sample.tool === tool);
      if (of("concord backup").length === 0) continue;
      const time = (tool: BackupToolName) => `${seconds(of(tool)).toFixed(2)} s`;
      const cpu = median(of("concord backup").map((sample) => sample.measurement.cpuSeconds));
      rows.push(
        `| ${scenario} | ${n} | ${reps} | ${backupToolNames.map(time).join(" | ")} | ${cpu.toFixed(2)} s | ${megabytes(of("concord backup"))} | ${megabytes(of("rsync -a to each"))} |`,
      );
    }
  }
  return rows.join("\n");
}

export function backupBlock(results: readonly BackupResult[], failures: readonly string[]): string {
  const trees = results.map(({ n, run }) => `N = ${n}: ${(run.bytes / 1e6).toFixed(0)} MB`);
  return sizedBlock(
    "backup",
    "A work folder backed up to two disks (two folders on the same file system): one `concord backup` against `rsync -a` to each disk in turn. Medians over the runs (wall time of the whole command, and concord's CPU time, user + system); peak RSS is the largest of them. Warm cache.",
    [backupTable(results)],
    trees.length > 0 ? [`Work folders: ${trees.join("; ")}.`] : [],
    failures,
  );
}

export function mailTable(results: readonly MailResult[]): string {
  const rows = [
    "| scenario | N | runs | concord | mbsync | mbsync / concord | concord CPU | mbsync CPU | concord peak RSS | mbsync peak RSS |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { n, reps, run } of results) {
    for (const scenario of mailScenarioNames) {
      const of = (tool: MailToolName) =>
        run.samples.filter((sample) => sample.scenario === scenario && sample.tool === tool);
      if (of("mbsync").length === 0) continue;
      const has = (tool: MailToolName) => of(tool).length > 0;
      const time = (tool: MailToolName) => (has(tool) ? `${seconds(of(tool)).toFixed(2)} s` : "—");
      const cpu = (tool: MailToolName) =>
        has(tool) ? `${median(of(tool).map((sample) => sample.measurement.cpuSeconds)).toFixed(2)} s` : "—";
      const rss = (tool: MailToolName) => (has(tool) ? megabytes(of(tool)) : "—");
      const ratio = has("concord") ? `${(seconds(of("mbsync")) / seconds(of("concord"))).toFixed(1)}×` : "—";
      rows.push(
        `| ${scenario} | ${n} | ${reps} | ${time("concord")} | ${time("mbsync")} | ${ratio} | ${cpu("concord")} | ${cpu("mbsync")} | ${rss("concord")} | ${rss("mbsync")} |`,
      );
    }
  }
  return rows.join("\n");
}

export function mailBlock(results: readonly MailResult[], failures: readonly string[]): string {
  const accounts = results.map(({ n, run }) => `N = ${n}: ${(run.bytes / 1e6).toFixed(0)} MB`);
  const skipped = [...new Set(results.flatMap(({ run }) => run.skipped))];
  return sizedBlock(
    "mail",
    "A Dovecot account on loopback (CONDSTORE and QRESYNC on; INBOX and four folders, one of them nested; its mail on a tmpfs where one has room) pulled into an empty Maildir, then synchronised again with nothing changed: `concord sync` against `mbsync -a` (Sync All, SubFolders Verbatim, otherwise mbsync's defaults, among them an fsync per message). The second run starts 2 s after the first: mbsync sleeps a second when a Maildir folder changed within the current second. Medians over the runs (wall time of the whole command, and CPU time, user + system); peak RSS is the largest of them. Warm cache.",
    [mailTable(results)],
    [
      ...(accounts.length > 0 ? [`Accounts: ${accounts.join("; ")}.`] : []),
      ...(skipped.length > 0 ? [skipped.map((line) => `- ${line}`).join("\n")] : []),
    ],
    failures,
  );
}

const files = (count: number) => `${count} ${count === 1 ? "file" : "files"}`;

const relayTools = [
  "concord",
  "concord, passphrase",
  "cp",
  "cp + sync",
] as const satisfies readonly RelayToolName[];

export function relayTable(results: readonly RelayResult[]): string {
  const rows = [
    "| scenario | N | runs | concord | concord, passphrase | cp | cp + sync | concord / cp | passphrase / cp | concord CPU | passphrase CPU | concord peak RSS | passphrase peak RSS |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { n, run } of results) {
    for (const scenario of relayScenarioNames) {
      const of = (tool: RelayToolName) =>
        run.samples.filter((sample) => sample.scenario === scenario && sample.tool === tool);
      const has = (tool: RelayToolName) => of(tool).length > 0;
      if (!has("concord")) continue;
      const time = (tool: RelayToolName) => (has(tool) ? `${seconds(of(tool)).toFixed(2)} s` : "—");
      const ratio = (tool: RelayToolName) =>
        has(tool) && has("cp") ? `${(seconds(of(tool)) / seconds(of("cp"))).toFixed(1)}×` : "—";
      const cpu = (tool: RelayToolName) =>
        has(tool) ? `${median(of(tool).map((sample) => sample.measurement.cpuSeconds)).toFixed(2)} s` : "—";
      const rss = (tool: RelayToolName) => (has(tool) ? megabytes(of(tool)) : "—");
      rows.push(
        `| ${scenario} | ${n} | ${of("concord").length} | ${relayTools.map(time).join(" | ")} | ${ratio("concord")} | ${ratio("concord, passphrase")} | ${cpu("concord")} | ${cpu("concord, passphrase")} | ${rss("concord")} | ${rss("concord, passphrase")} |`,
      );
    }
  }
  return rows.join("\n");
}

/** What each relay folder held after the last repetition's send and apply, against that change's bytes. */
export function relayHeldTable(results: readonly RelayResult[]): string {
  const rows = [
    "| relay folder | N | changed files | changed bytes | after send | after send / changed | after apply |",
    "|---|--:|--:|--:|--:|--:|--:|",
  ];
  const size = (bytes: number) =>
    bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
  for (const { n, run } of results) {
    for (const tool of ["concord", "concord, passphrase", "cp"] as const) {
      const held = run.held[tool];
      if (!held) continue;
      // The stand-in is a plain folder: nobody takes anything off it.
      const after = tool === "cp" ? "—" : `${size(held.apply.bytes)} in ${files(held.apply.files)}`;
      rows.push(
        `| ${tool} | ${n} | ${run.changed} | ${size(held.change)} | ${size(held.send.bytes)} in ${files(held.send.files)} | ${(held.send.bytes / held.change).toFixed(3)} | ${after} |`,
      );
    }
  }
  return rows.join("\n");
}

export function relayBlock(results: readonly RelayResult[], failures: readonly string[]): string {
  const trees = results.map(
    ({ n, run }) =>
      `N = ${n}: ${(run.bytes / 1e6).toFixed(0)} MB, the change ${files(run.changed)} of ${(run.changedBytes / 1e6).toFixed(0)} MB`,
  );
  return sizedBlock(
    "relay",
    "Two places joined from copies of one tree through a relay in a local folder; home changes N / 50 files (new content of about 50 kB each), `concord sync` at home sends the change, `concord sync` at anna applies it, then a sync at home with nothing new. Against `cp -a --parents` of the changed files from home into a folder and from there into anna's tree, alone and followed by `sync` (concord writes durably). The places join once (`relay init` and both places' first syncs, summed: the join row); every repetition then sends and applies a change of its own (other bytes in the same files). Send + apply is the two runs of one repetition, summed. Medians over the runs (wall time of the whole command, and concord's CPU time, user + system); peak RSS is the largest of them. Warm cache.",
    [relayTable(results), relayHeldTable(results)],
    trees.length > 0 ? [`Trees: ${trees.join("; ")}.`] : [],
    failures,
  );
}

/**
 * Replaces what lies between the markers of `kind`, or appends them when the page has none. The
 * page is formatted with the repository's Prettier settings, which the lint step checks.
 */
export async function writeInto(page: string, kind: Section, content: string): Promise<void> {
  const { start, end } = markers(kind);
  const current = existsSync(page) ? readFileSync(page, "utf8") : "";
  const at = current.indexOf(start);
  const until = current.indexOf(end);
  const fresh = `${start}\n\n${content}\n\n${end}`;
  const next =
    at >= 0 && until > at
      ? current.slice(0, at) + fresh + current.slice(until + end.length)
      : `${current.trimEnd()}\n\n${fresh}\n`;
  const options = (await resolveConfig(page)) ?? {};
  writeFileSync(page, await format(next, { ...options, filepath: page }));
}
