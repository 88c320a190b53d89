/**
 * The `concord` command line: argument parsing and rendering only; the work is in `src/api/`.
 * @module
 */
import { Command, CommanderError, Option } from "commander";
import { openConfig } from "../api/open.js";
import type { Config } from "../config/index.js";
import { ConcordError } from "../errors/index.js";
import { version } from "../version.js";
import { type BackupFlags, runBackup } from "./commands/backup.js";
import { runCheck } from "./commands/check.js";
import { type DaemonFlags, positiveWholeNumber, runDaemon, wholeNumber } from "./commands/daemon.js";
import { runDiscover } from "./commands/discover.js";
import { runRelayAddPlace, runRelayInit, runRelayRemovePlace, runRelayStatus } from "./commands/relay.js";
import { runResolve } from "./commands/resolve.js";
import { type RestoreFlags, runRestore } from "./commands/restore.js";
import { runStatus } from "./commands/status.js";
import { runSync } from "./commands/sync.js";
import type { CommandContext } from "./context.js";
import { ExitCode, exitCodesHelp } from "./exit-code.js";
import { flushOutput, Output, outputFailed, watchOutput } from "./output.js";
import { Stop } from "./stop.js";

interface GlobalOptions {
  config?: string;
  verbose: boolean;
}

export async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const stop = new Stop();
  watchOutput(() => stop.stop("outputClosed"));
  const program = new Command("concord")
    .description(
      "Keeps calendars and contacts in agreement between storages, remembering what it last synchronised.",
    )
    .version(version)
    .option(
      "-c, --config <file>",
      "config file (default: $CONCORD_CONFIG, else $XDG_CONFIG_HOME/concord/config.toml)",
    )
    .option("-v, --verbose", "explain every decision", false)
    .addHelpText("after", `\n${exitCodesHelp}`)
    .showHelpAfterError()
    .exitOverride();

  const withConfig =
    <Args extends unknown[]>(
      run: (config: Config, context: CommandContext, ...args: Args) => Promise<ExitCode> | ExitCode,
    ) =>
    async (...args: Args): Promise<void> => {
      const command = args.at(-1) as Command;
      const globals = program.opts<GlobalOptions>();
      const local = command.opts<{ json?: boolean }>();
      const out = new Output({ verbose: globals.verbose, json: local.json ?? false });
      const config = await openConfig({ configFile: globals.config });
      exitCode = await run(config, { out, stop }, ...args);
    };

  program
    .command("sync")
    .description("synchronise pairs, or single collections as PAIR/COLLECTION")
    .argument("[targets...]", "pairs or PAIR/COLLECTION; all pairs when none is given")
    .option("-n, --dry-run", "print the plan and change nothing", false)
    .option("-i, --interactive", "show each collection's plan and ask before applying it", false)
    .option("--force", "apply a plan even if it deletes more than the pair's max_delete allows", false)
    .option("--json", "print the result as JSON", false)
    .action(
      withConfig(
        (
          config,
          context,
          targets: string[],
          options: { dryRun: boolean; interactive: boolean; force: boolean },
        ) => runSync(config, targets, options, context),
      ),
    );
  program
    .command("discover")
    .description("list the collections on both sides of each pair and how they map")
    .argument("[pairs...]", "pairs to look at; all when none is given")
    .option("--json", "print the result as JSON", false)
    .action(withConfig((config, { out }, pairs: string[]) => runDiscover(config, pairs, out)));
  program
    .command("status")
    .description("show the last sync of each pair and collection, item counts and pending conflicts")
    .argument("[pairs...]", "pairs to show; all when none is given")
    .option("--json", "print the result as JSON", false)
    .action(withConfig((config, { out }, pairs: string[]) => runStatus(config, pairs, out)));
  program
    .command("check")
    .description("validate the config and reach every storage")
    .option("--json", "print the result as JSON", false)
    .action(withConfig((config, { out }) => runCheck(config, out)));
  program
    .command("resolve")
    .description("walk the pending conflicts: keep a, keep b, edit both in $EDITOR, or skip")
    .argument("[targets...]", "pairs or PAIR/COLLECTION; all when none is given")
    .option("--json", "print the result as JSON", false)
    .action(withConfig((config, context, targets: string[]) => runResolve(config, targets, context)));
  program
    .command("backup")
    .description("copy a backup set's work folders to every plugged-in backup disk, never deleting there")
    .argument("<set>", "the NAME of a [backup.NAME] table")
    .argument(
      "[paths...]",
      "files or folders inside a work folder or a backup folder; all when none is given",
    )
    .option("--init <folder>", "make FOLDER (one of the set's backups) a backup disk of the set")
    .option("-m, --modified", "overwrite files that differ on the disk without asking", false)
    .option("-n, --dry-run", "say what each disk would receive and change nothing", false)
    .option("--from <disk>", "with --to: copy this backup disk (its folder or number) to another")
    .option("--to <disk>", "with --from: the backup disk to fill")
    .option("--verify", "read every file on the plugged-in disks and compare it with what was copied", false)
    .option("--repair", "with --verify: rewrite rotten files from the work folder or another disk", false)
    .option("--status", "per disk: last written, what it lacks, what waits for -m, free space", false)
    .option("--json", "print the result as JSON", false)
    .action(
      withConfig((config, context, set: string, paths: string[], flags: BackupFlags) =>
        runBackup(config, set, paths, flags, context),
      ),
    );
  program
    .command("restore")
    .description("bring files back from a backup disk to the work folders")
    .argument("<set>", "the NAME of a [backup.NAME] table")
    .argument(
      "[paths...]",
      "files or folders inside a work folder or a backup folder; all when none is given",
    )
    .option("--from <disk>", "the backup disk (its folder or number) to restore from")
    .option("-m, --modified", "overwrite work files that differ from the disk without asking", false)
    .option("-d, --delete", "delete files in work that the disk lacks, after asking", false)
    .option("-D, --delete-all", "delete files in work that the disk lacks, without asking", false)
    .option("--tree", "make the folders only, without files", false)
    .option("-n, --dry-run", "say what would be restored and change nothing", false)
    .option("--json", "print the result as JSON", false)
    .action(
      withConfig((config, context, set: string, paths: string[], flags: RestoreFlags) =>
        runRestore(config, set, paths, flags, context),
      ),
    );
  program
    .command("daemon")
    .description("keep pairs in agreement: sync at start, on local changes and every poll interval")
    .argument("[targets...]", "pairs or PAIR/COLLECTION; all pairs when none is given")
    .option(
      "--interval <seconds>",
      "seconds between polls of CalDAV, CardDAV and WebCal sides, instead of their storages' `interval`",
      positiveWholeNumber,
    )
    .option("--ready-fd <fd>", "write READY=1 to this file descriptor once the config is loaded", wholeNumber)
    .addOption(
      new Option("--log-format <format>", "one line per sync").choices(["text", "json"]).default("text"),
    )
    .action(
      withConfig((config, context, targets: string[], flags: DaemonFlags) =>
        runDaemon(config, targets, flags, context),
      ),
    );

  const relay = program
    .command("relay")
    .description("set up a relay between places that are never online together, and see what waits on it");
  relay
    .command("init")
    .description("set up a relay for a set of places, from this place's tree (uploads no content)")
    .argument("<storage>", "the relay storage's name")
    .requiredOption("--places <names>", "every place, comma-separated (this place among them)")
    .option("--json", "print the result as JSON", false)
    .action(
      withConfig((config, { out }, storage: string, options: { places: string }) =>
        runRelayInit(config, storage, options.places, out),
      ),
    );
  relay
    .command("status")
    .description("which change sets wait for which places, their sizes, each place's last sync")
    .argument("<storage>", "the relay storage's name")
    .option("--json", "print the result as JSON", false)
    .action(withConfig((config, { out }, storage: string) => runRelayStatus(config, storage, out)));
  relay
    .command("add-place")
    .description("add a place that joins from a copy of this place's tree")
    .argument("<storage>", "the relay storage's name")
    .argument("<place>", "the new place's name")
    .option("--json", "print the result as JSON", false)
    .action(
      withConfig((config, { out }, storage: string, place: string) =>
        runRelayAddPlace(config, storage, place, out),
      ),
    );
  relay
    .command("remove-place")
    .description("remove a place that will not come back, freeing what only it was waiting for")
    .argument("<storage>", "the relay storage's name")
    .argument("<place>", "the place's name")
    .option("--json", "print the result as JSON", false)
    .action(
      withConfig((config, { out }, storage: string, place: string) =>
        runRelayRemovePlace(config, storage, place, out),
      ),
    );

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    exitCode = reportFailure(error);
  }
  // Writes to a pipe can be pending still; one of them may fail.
  await flushOutput();
  if (outputFailed()) stop.stop("outputClosed");
  return stop.exitCode ?? exitCode;
}

function reportFailure(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version end here too, successfully.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const out = new Output({ verbose: false, json: false });
  const message = error instanceof Error ? error.message : String(error);
  out.problem(`concord: ${message}`);
  if (error instanceof ConcordError && error.code === "ConfigError") return ExitCode.usage;
  if (!(error instanceof ConcordError)) out.problem((error as Error).stack ?? "");
  return ExitCode.incomplete;
}
