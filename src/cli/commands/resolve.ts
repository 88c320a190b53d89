/**
 * `concord resolve`: walks the pending conflicts, asking for each. The answers come from the
 * terminal or, one a line, from a pipe; when they run out the walk stops and says what is left.
 * @module
 */
import { type PendingConflict, resolve } from "../../api/resolve.js";
import type { Config } from "../../config/index.js";
import type { CommandContext } from "../context.js";
import { ExitCode } from "../exit-code.js";
import { Answers, askConflict, noAnswers } from "../prompt.js";

export async function runResolve(
  config: Config,
  targets: string[],
  { out, stop }: CommandContext,
): Promise<ExitCode> {
  const ignoreSignals = stop.onSignals(() => out.problem("stopping (press Ctrl-C again to abort at once)"));
  const answers = new Answers(stop);
  try {
    const ask = (conflict: PendingConflict) =>
      askConflict({ ...conflict, collection: `${conflict.pair}/${conflict.collection}` }, out, answers);
    // Out of answers: the walk stops there.
    const result = await resolve({
      config,
      targets,
      signal: stop.signal,
      decide: async (conflict) => (await ask(conflict)) ?? { kind: "stop" },
    });
    for (const failure of result.failures)
      out.problem(`${failure.pair}: ${failure.ident}: ${failure.error.message}`);
    if (answers.unanswerable) out.problem(noAnswers("resolve"));
    else if (result.stopped && stop.exitCode === undefined)
      out.problem('end of input: stopped; run "concord resolve" again for the conflicts left pending');
    if (out.json) out.printJson(result);
    else out.line(`${result.resolved} resolved, ${result.pending} left pending`);
    if (answers.unanswerable) return ExitCode.usage;
    return result.failures.length > 0 || result.pending > 0 ? ExitCode.incomplete : ExitCode.ok;
  } finally {
    answers.close();
    ignoreSignals();
  }
}
