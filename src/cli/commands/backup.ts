/**
 * `concord backup SET [PATHS...]` and its modes: `--init FOLDER`, `--from DISK --to DISK`,
 * `--verify [--repair]`, `--status`. Argv in, API call, report out.
 * @module
 */
import { backup, type BackupResult, type CopyOptions, initBackupDisk, transfer } from "../../api/backup.js";
import { backupStatus } from "../../api/backup-status.js";
import { verifyBackups } from "../../api/verify-backups.js";
import type { Config } from "../../config/index.js";
import type { Overwrite } from "../../backup/sort-plan.js";
import { anythingLeft, describeOverwrite, type Ends, renderDisks } from "../backup-report.js";
import { renderBackupStatus } from "../backup-status-report.js";
import { renderVerify } from "../verify-report.js";
import type { CommandContext } from "../context.js";
import { ExitCode } from "../exit-code.js";
import { SyncProgress } from "../progress.js";
import { Answers } from "../prompt.js";

export interface BackupFlags {
  readonly init?: string;
  readonly from?: string;
  readonly to?: string;
  readonly verify: boolean;
  readonly repair: boolean;
  readonly status: boolean;
  readonly modified: boolean;
  readonly dryRun: boolean;
}

export async function runBackup(
  config: Config,
  set: string,
  paths: string[],
  flags: BackupFlags,
  context: CommandContext,
): Promise<ExitCode> {
  const { out } = context;
  if (flags.init !== undefined) {
    const result = await initBackupDisk({ config, set, disk: flags.init });
    if (out.json) out.printJson(result);
    else out.line(`${result.disk}: ${result.made ? "is now" : "was already"} a backup disk of ${set}`);
    return ExitCode.ok;
  }
  if (flags.status) {
    const result = await backupStatus({ config, set, signal: context.stop.signal });
    if (out.json) out.printJson(result);
    else renderBackupStatus(result, out);
    return ExitCode.ok;
  }
  if (flags.verify || flags.repair) {
    const result = await verifyBackups({ config, set, repair: flags.repair, signal: context.stop.signal });
    if (out.json) out.printJson(result);
    else renderVerify(result, set, out);
    const read = result.disks.filter((disk) => disk.unavailable === undefined);
    const left = read.length === 0 || read.some((disk) => disk.findings.some((finding) => !finding.repaired));
    return left ? ExitCode.incomplete : ExitCode.ok;
  }
  if ((flags.from === undefined) !== (flags.to === undefined)) {
    out.problem(
      "concord backup: --from and --to go together: --from DISK --to DISK copies one disk to another",
    );
    return ExitCode.usage;
  }
  const ends: Ends =
    flags.from === undefined
      ? { source: "in work", target: "on the disk" }
      : { source: `on ${flags.from}`, target: `on ${flags.to ?? ""}` };
  const result = await copyWith(config, set, paths, flags, context, ends);
  if (out.json) out.printJson(result);
  else
    renderDisks(
      result.disks,
      {
        dryRun: flags.dryRun,
        ends,
        overwriteFlag: "-m",
        repairHint: `run "concord backup ${set} --verify --repair"`,
      },
      out,
    );
  return anythingLeft(result.disks) ? ExitCode.incomplete : ExitCode.ok;
}

/** Runs the copy, asking on a terminal before overwriting and showing progress there. */
async function copyWith(
  config: Config,
  set: string,
  paths: string[],
  flags: BackupFlags,
  { out, stop }: CommandContext,
  ends: Ends,
): Promise<BackupResult> {
  const ignoreSignals = stop.onSignals(() =>
    out.problem("stopping after the files in flight (press Ctrl-C again to abort at once)"),
  );
  const answers = new Answers(stop);
  const progress = new SyncProgress();
  // The disks are written at once, but asked about one after the other.
  let asked: Promise<unknown> = Promise.resolve();
  const askInTurn = (disk: string, overwrites: readonly Overwrite[]): Promise<boolean> => {
    const answer = asked.then(async () => {
      out.clearProgress();
      for (const overwrite of overwrites) out.problem(`${disk}: ${describeOverwrite(overwrite, ends)}`);
      return (await answers.ask(`Overwrite these ${overwrites.length} files on ${disk}? [y/N] `)) === "y";
    });
    asked = answer.catch(() => undefined);
    return answer;
  };
  try {
    const options: CopyOptions = {
      config,
      set,
      paths,
      dryRun: flags.dryRun,
      overwrite: flags.modified,
      // Only a person at a terminal is asked; otherwise what differs waits, and is listed.
      confirmOverwrites: answers.fromTerminal ? askInTurn : undefined,
      signal: stop.signal,
      onPlanned: (disk, plan) => progress.planned(disk, plan),
      onApplied: (disk, { action }) => {
        progress.applied(disk, action);
        out.progress(progress.summary());
      },
    };
    return flags.from !== undefined && flags.to !== undefined
      ? await transfer({ ...options, from: flags.from, to: flags.to })
      : await backup(options);
  } finally {
    answers.close();
    ignoreSignals();
    out.clearProgress();
  }
}
