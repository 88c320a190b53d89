/**
 * `concord sync [PAIR[/COLLECTION]...]`: argv in, API call, report out.
 * @module
 */
import { type SyncResult, sync } from "../../api/sync.js";
import type { Config } from "../../config/index.js";
import { isClean } from "../../engine/report.js";
import {
  describeAction,
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
import { askConflict, confirmPlan } from "../prompt.js";

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
  out: Output,
): Promise<ExitCode> {
  const controller = new AbortController();
  const stop = () => {
    out.problem("stopping after the items in flight (press Ctrl-C again to abort at once)");
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  };
  process.once("SIGINT", stop);
  const progress = new SyncProgress();
  try {
    const result = await sync({
      config,
      targets,
      dryRun: flags.dryRun,
      force: flags.force,
      confirm: flags.interactive
        ? (pair, collection, plan) => confirmPlan(`${pair}/${collection}`, plan, out)
        : undefined,
      ask: out.interactive ? (conflict) => askConflict(conflict, out) : undefined,
      signal: controller.signal,
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
    render(config, result, flags, out);
    return exitCode(result);
  } finally {
    process.removeListener("SIGINT", stop);
    out.clearProgress();
  }
}

function render(config: Config, result: SyncResult, flags: SyncFlags, out: Output): void {
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
      for (const skipped of report.skipped ?? [])
        out.problem(`${name}: left out ${skipped.where}: ${skipped.why}`);
      for (const duplicate of report.duplicates) {
        out.problem(
          `${name}: UID ${duplicate.ident} appears more than once in ${duplicate.side}: ${duplicate.where.join(", ")}; not synchronised until only one remains`,
        );
      }
      for (const failure of report.unreadable)
        out.problem(`${name}: cannot read ${failure.side} ${failure.where}: ${failure.error.message}`);
      for (const failure of report.failures) out.problem(`${name}: failed: ${describeFailure(failure)}`);
      for (const refusal of report.refused) out.problem(`${name}: ${describeRefusal(refusal)}`);
      for (const refusal of report.stillRefused)
        out.explain(`${name}: still ${describeRefusal(refusal)}; reported before`);
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

function exitCode(result: SyncResult): ExitCode {
  const clean = result.pairs.every((pair) => pair.error === undefined && pair.collections.every(isClean));
  return clean ? ExitCode.ok : ExitCode.incomplete;
}
