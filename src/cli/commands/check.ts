/**
 * `concord check`: the config is valid, every storage answers, and every local path exists.
 * @module
 */
import { check } from "../../api/check.js";
import type { Config } from "../../config/index.js";
import { plural } from "../describe-action.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";

export async function runCheck(config: Config, out: Output): Promise<ExitCode> {
  const results = await check({ config, explain: out.verbose ? (line) => out.explain(line) : undefined });
  if (out.json) out.printJson({ config: config.file, storages: results });
  else {
    out.line(
      `${config.file}: valid, ${plural(config.storages.size, "storage")}, ${plural(config.pairs.size, "pair")}`,
    );
    for (const result of results) {
      const name = `${result.storage} (${result.type})`;
      if (result.error) out.problem(`${name}: error: ${result.error.message}`);
      else out.line(`${name}: ok, ${plural(result.collections ?? 0, "collection")}`);
      const { missing } = result;
      if (missing)
        out.problem(`${name}: warning: ${missing.kind} ${missing.path} does not exist (a mistyped path?)`);
    }
  }
  // A missing path is only a warning: a sync creates it when the other side has collections for it.
  return results.some((result) => result.error) ? ExitCode.incomplete : ExitCode.ok;
}
