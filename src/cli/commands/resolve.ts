/**
 * `concord resolve`: walks the pending conflicts, asking for each.
 * @module
 */
import { resolve } from "../../api/resolve.js";
import type { Config } from "../../config/index.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";
import { askConflict } from "../prompt.js";

export async function runResolve(config: Config, targets: string[], out: Output): Promise<ExitCode> {
  const result = await resolve({
    config,
    targets,
    decide: (conflict) =>
      askConflict({ ...conflict, collection: `${conflict.pair}/${conflict.collection}` }, out),
  });
  for (const failure of result.failures)
    out.problem(`${failure.pair}: ${failure.ident}: ${failure.error.message}`);
  if (out.json) out.printJson(result);
  else out.line(`${result.resolved} resolved, ${result.skipped} left pending`);
  return result.failures.length > 0 || result.skipped > 0 ? ExitCode.incomplete : ExitCode.ok;
}
