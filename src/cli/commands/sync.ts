/**
 * `concord sync [PAIR[/COLLECTION]...]`: argv in, API call, report out.
 * @module
 */
import { type SyncResult, sync } from "../../api/sync.js";
import { type Config, settlePolicy } from "../../config/index.js";
import { type CollectionReport, isClean } from "../../engine/report.js";
import type { CommandContext } from "../context.js";
import {
  describeAction,
  describeClash,
  describeFailure,
  describeRefusal,
  describeResolution,
  isWrite,
  summariseReport,
} from "../describe-action.js";
import { emptiedAdvice } from "../emptied-advice.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";
import { SyncProgress } from "../progress.js";
import { Answers, askConflict, confirmPlan, noAnswers } from "../prompt.js";

export interface SyncFlags {
  readonly dryRun: boolean;
  readonly interactive: boolean;
  /** Let deletions past `max_delete` through. */
  readonly force: boolean;
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
  const progress = new SyncProgress();
  try {
    const result = await sync({
      config,
      targets,
      dryRun: flags.dryRun,
      force: flags.force,
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
      onPlanned: (pair, collection, plan) => progress.planned(`${pair}/${collection}`, plan),
      onApplied: (pair, collection, { action, error, resolution }) => {
        const key = `${pair}/${collection}`;
        out.progress(progress.applied(key, action));
        // A failure is reported once, with the others, when the sync is over.
        if (error) return;
        out.explain(`${key}: ${resolution ? describeResolution(resolution) : describeAction(action)}`);
      },
    });
    render(config, result, flags, declined, out);
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

function render(
  config: Config,
  result: SyncResult,
  flags: SyncFlags,
  declined: ReadonlySet<string>,
  out: Output,
): void {
  if (out.json) {
    out.printJson(result);
    return;
  }
  for (const pair of result.pairs) {
    if (pair.error) out.problem(`${pair.pair}: error: ${pair.error.message}`);
    for (const { kind, path, storage } of pair.missing ?? []) {
      out.problem(
        `${pair.pair}: no collection to synchronise: ${kind} ${path} of storage ${storage} does not exist`,
      );
    }
    for (const report of pair.collections) {
      const name = `${pair.pair}/${report.name}`;
      if (report.error) {
        out.problem(`${name}: error: ${report.error.message}`);
        continue;
      }
      if (flags.dryRun) {
        const shown = report.planned.filter(
          (action) => isWrite(action) || action.kind === "conflict" || action.kind === "refused",
        );
        out.line(`${name}: ${shown.length === 0 ? "nothing to do" : "would do:"}`);
        for (const action of shown) out.line(`  ${describeAction(action)}`);
      } else if (declined.has(name)) {
        out.line(`${name}: left as it was (the plan was declined)`);
      } else {
        const summary = summariseReport(report);
        if (summary) out.line(`${name}: ${summary}`);
        else if (out.interactive) out.line(`${name}: in agreement`);
        for (const resolution of report.resolved) out.line(`${name}: ${describeResolution(resolution)}`);
      }
      if (report.emptied) out.problem(emptiedAdvice(config, pair.pair, name, report.emptied));
      if (report.tooManyDeletes) {
        const { side, count, limit } = report.tooManyDeletes;
        out.problem(
          `${name}: would delete ${count} items in ${side}, more than max_delete allows (${limit}); nothing was changed. If the deletions are intended, run "concord sync --force ${pair.pair}"; if not, restore what was deleted on the other side first.`,
        );
      }
      for (const skipped of report.skipped ?? []) {
        const line = `${name}: left out ${skipped.where}: ${skipped.why}`;
        if (skipped.chosen) out.explain(line);
        else out.problem(line);
      }
      for (const duplicate of report.duplicates) {
        out.problem(
          `${name}: UID ${duplicate.ident} appears more than once in ${duplicate.side}: ${duplicate.where.join(", ")}; not synchronised until only one remains`,
        );
      }
      for (const group of sameFailures(report.unreadable)) {
        const [first] = group;
        if (first === undefined) continue;
        if (group.length === 1)
          out.problem(`${name}: cannot read ${first.side} ${first.where}: ${first.error.message}`);
        else {
          // A connection lost fails every item still to read for one reason: one line, not one each.
          out.problem(
            `${name}: cannot read ${group.length} items in ${first.side} (${first.where} and ${group.length - 1} more): ${first.error.message}`,
          );
          for (const failure of group) out.explain(`${name}: cannot read ${failure.side} ${failure.where}`);
        }
      }
      for (const failure of report.failures) out.problem(`${name}: failed: ${describeFailure(failure)}`);
      for (const refusal of report.refused) out.problem(`${name}: ${describeRefusal(refusal)}`);
      for (const refusal of report.stillRefused)
        out.explain(`${name}: still ${describeRefusal(refusal)}; reported before`);
      if (!flags.dryRun) {
        for (const conflict of report.conflicts) {
          out.problem(
            `${name}: conflict: ${conflict.ident} changed on both sides (a ${conflict.a.href}, b ${conflict.b.href}); run "concord resolve"`,
          );
          for (const clash of conflict.unmerged ?? []) out.problem(`  not merged: ${describeClash(clash)}`);
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
  const policy = config.pairs.get(pair)?.conflictResolution;
  const settledByCommand = policy !== undefined && settlePolicy(policy).kind === "command";
  return !settledByCommand && report.planned.some((action) => action.kind === "conflict");
}

/** Failures grouped by side and message, in the order each group first appears. */
function sameFailures<T extends { readonly side: string; readonly error: Error }>(
  failures: readonly T[],
): T[][] {
  const groups = new Map<string, T[]>();
  for (const failure of failures) {
    const key = `${failure.side}\0${failure.error.message}`;
    const group = groups.get(key);
    if (group) group.push(failure);
    else groups.set(key, [failure]);
  }
  return [...groups.values()];
}
