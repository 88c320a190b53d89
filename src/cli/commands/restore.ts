/**
 * `concord restore SET [--from DISK] [PATHS...]`: argv in, API call, report out.
 * @module
 */
import { restore } from "../../api/restore.js";
import type { Config } from "../../config/index.js";
import { anythingLeft, describeOverwrite, type Ends, renderDisks } from "../backup-report.js";
import type { CommandContext } from "../context.js";
import { ExitCode } from "../exit-code.js";
import { SyncProgress } from "../progress.js";
import { Answers } from "../prompt.js";

export interface RestoreFlags {
  readonly from?: string;
  readonly modified: boolean;
  /** -d: delete what the disk lacks, after asking. */
  readonly delete: boolean;
  /** -D: delete it without asking. */
  readonly deleteAll: boolean;
  readonly tree: boolean;
  readonly dryRun: boolean;
}

export async function runRestore(
  config: Config,
  set: string,
  paths: string[],
  flags: RestoreFlags,
  { out, stop }: CommandContext,
): Promise<ExitCode> {
  const ignoreSignals = stop.onSignals(() =>
    out.problem("stopping after the files in flight (press Ctrl-C again to abort at once)"),
  );
  const answers = new Answers(stop);
  const progress = new SyncProgress();
  // Only a person at a terminal is asked; otherwise what waits is listed.
  const terminal = answers.fromTerminal;
  const ends: Ends = { source: "on the disk", target: "in work" };
  try {
    const result = await restore({
      config,
      set,
      paths,
      from: flags.from,
      dryRun: flags.dryRun,
      overwrite: flags.modified,
      extra: flags.deleteAll ? "delete" : flags.delete ? "ask" : "keep",
      tree: flags.tree,
      chooseDisk: terminal
        ? async (disks) => {
            disks.forEach((disk, index) => out.problem(`  ${index + 1}. ${disk}`));
            const answer = await answers.ask(`Restore from which disk? [1-${disks.length}] `);
            return disks[Number(answer) - 1];
          }
        : undefined,
      confirmOverwrites: terminal
        ? async (overwrites) => {
            out.clearProgress();
            for (const overwrite of overwrites) out.problem(describeOverwrite(overwrite, ends));
            return (await answers.ask(`Overwrite these ${overwrites.length} files in work? [y/N] `)) === "y";
          }
        : undefined,
      confirmDeletions: terminal
        ? async (deletions) => {
            out.clearProgress();
            for (const deletion of deletions)
              out.problem(`${deletion.ident}: ${ends.target}, not ${ends.source}`);
            return (await answers.ask(`Delete these ${deletions.length} files in work? [y/N] `)) === "y";
          }
        : undefined,
      signal: stop.signal,
      onPlanned: (disk, plan) => progress.planned(disk, plan),
      onApplied: (disk, { action }) => {
        progress.applied(disk, action);
        out.progress(progress.summary());
      },
    });
    out.clearProgress();
    if (out.json) out.printJson(result);
    else {
      for (const folder of result.folders ?? [])
        out.line(`${flags.dryRun ? "would make" : "made"} ${folder}`);
      renderDisks([result.disk], { dryRun: flags.dryRun, ends, overwriteFlag: "-m" }, out);
    }
    return anythingLeft([result.disk]) ? ExitCode.incomplete : ExitCode.ok;
  } finally {
    answers.close();
    ignoreSignals();
    out.clearProgress();
  }
}
