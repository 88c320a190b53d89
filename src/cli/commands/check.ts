/**
 * `concord check`: the config is valid and every storage answers.
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
      if (result.error) out.problem(`${result.storage} (${result.type}): error: ${result.error.message}`);
      else
        out.line(`${result.storage} (${result.type}): ok, ${plural(result.collections ?? 0, "collection")}`);
    }
  }
  return results.some((result) => result.error) ? ExitCode.incomplete : ExitCode.ok;
}
