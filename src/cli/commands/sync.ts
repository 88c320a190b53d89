/**
 * `concord sync [PAIR[/COLLECTION]...]`: argv in, API call, report out.
 * @module
 */
import { type SyncResult, sync } from "../../api/sync.js";
import type { Config } from "../../config/index.js";
import { type CollectionReport, isClean } from "../../engine/report.js";
import type { CommandContext } from "../context.js";
import { describeAction, isWrite, summariseReport } from "../describe-action.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";
import { Answers, askConflict, confirmPlan, noAnswers } from "../prompt.js";

export interface SyncFlags {
  readonly dryRun: boolean;
  readonly interactive: boolean;
}

export async function runSync(
  config: Config,
  targets: string[],
  flags: SyncFlags,
  { out, stop }: CommandContext,
): Promise<ExitCode> {
  const ignoreSignals = stop.onSignals(() =>
    out.problem("stopping after the items in flight (press Ctrl-C again to abort at once)"),
  );
  const answers = new Answers(stop);
  /** `PAIR/COLLECTION` of the plans the user declined (`--interactive`). */
  const declined = new Set<string>();
  const done = new Map<string, number>();
  try {
    const result = await sync({
      config,
      targets,
      dryRun: flags.dryRun,
      confirm: flags.interactive
        ? async (pair, collection, plan) => {
            const name = `${pair}/${collection}`;
            const apply = await confirmPlan(name, plan, out, answers);
            if (!apply && !stop.signal.aborted) declined.add(name);
            return apply;
          }
        : undefined,
      // Out of answers, a conflict stays pending, reported as without `ask`.
      ask: out.interactive
        ? async (conflict) => (await askConflict(conflict, out, answers)) ?? { kind: "skip" }
        : undefined,
      signal: stop.signal,
      explain: out.verbose ? (line) => out.explain(line) : undefined,
      onApplied: (pair, collection, action, error) => {
        const key = `${pair}/${collection}`;
        done.set(key, (done.get(key) ?? 0) + 1);
        out.progress(`${key}: ${done.get(key)} done`);
        if (error) out.explain(`${key}: failed: ${describeAction(action)}: ${error.message}`);
        else out.explain(`${key}: ${describeAction(action)}`);
      },
    });
    render(result, flags, declined, out);
    if (answers.unanswerable) {
      out.problem(noAnswers(flags.interactive ? "sync -i" : "sync"));
      return ExitCode.usage;
    }
    return exitCode(config, result, flags, declined);
  } finally {
    answers.close();
    ignoreSignals();
    out.clearProgress();
  }
}

function render(result: SyncResult, flags: SyncFlags, declined: ReadonlySet<string>, out: Output): void {
  if (out.json) {
    out.printJson(result);
    return;
  }
  for (const pair of result.pairs) {
    if (pair.error) out.problem(`${pair.pair}: error: ${pair.error.message}`);
    for (const report of pair.collections) {
      const name = `${pair.pair}/${report.name}`;
      if (report.error) {
        out.problem(`${name}: error: ${report.error.message}`);
        continue;
      }
      if (flags.dryRun) {
        const writes = report.planned.filter(
          (action) => isWrite(action) || action.kind === "conflict" || action.kind === "refused",
        );
        out.line(`${name}: ${writes.length === 0 ? "nothing to do" : "would do:"}`);
        for (const action of writes) out.line(`  ${describeAction(action)}`);
      } else if (declined.has(name)) {
        out.line(`${name}: left as it was (the plan was declined)`);
      } else {
        const summary = summariseReport(report);
        if (summary) out.line(`${name}: ${summary}`);
        else if (out.interactive) out.line(`${name}: in agreement`);
      }
      if (report.emptied) {
        out.problem(
          `${name}: side ${report.emptied} is empty but held items at the last sync; nothing was deleted on the other side. If the deletion is intended, set on_empty = "sync" for this pair and sync again.`,
        );
      }
      for (const duplicate of report.duplicates) {
        out.problem(
          `${name}: UID ${duplicate.ident} appears more than once in ${duplicate.side}: ${duplicate.hrefs.join(", ")}; not synchronised until only one remains`,
        );
      }
      for (const failure of report.unreadable)
        out.problem(`${name}: cannot read ${failure.side} ${failure.href}: ${failure.error.message}`);
      for (const failure of report.failures)
        out.problem(`${name}: failed: ${describeAction(failure.action)}: ${failure.error.message}`);
      for (const change of report.properties) {
        if (change.error)
          out.problem(`${name}: cannot set ${change.name} in ${change.side}: ${change.error.message}`);
      }
      if (!flags.dryRun) {
        for (const conflict of report.conflicts) {
          out.problem(
            `${name}: conflict: ${conflict.ident} changed on both sides (a ${conflict.a.href}, b ${conflict.b.href}); run "concord resolve"`,
          );
        }
      }
    }
  }
}

/**
 * 2 when a target named no collection of its pair (or the pair's config is wrong); 1 when
 * anything is left: a failure, a conflict, a declined plan, or in a dry run a conflict the sync
 * would leave pending.
 */
function exitCode(
  config: Config,
  result: SyncResult,
  flags: SyncFlags,
  declined: ReadonlySet<string>,
): ExitCode {
  if (result.pairs.some((pair) => pair.error?.code === "ConfigError")) return ExitCode.usage;
  const left = result.pairs.some(
    (pair) =>
      pair.error !== undefined ||
      pair.collections.some(
        (report) =>
          !isClean(report) ||
          declined.has(`${pair.pair}/${report.name}`) ||
          (flags.dryRun && wouldStayInConflict(config, pair.pair, report)),
      ),
  );
  return left ? ExitCode.incomplete : ExitCode.ok;
}

/** A planned conflict stays pending after the sync unless the pair settles conflicts by a command. */
function wouldStayInConflict(config: Config, pair: string, report: CollectionReport): boolean {
  const settledByCommand = config.pairs.get(pair)?.conflictResolution.kind === "command";
  return !settledByCommand && report.planned.some((action) => action.kind === "conflict");
}
