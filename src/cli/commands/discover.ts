/**
 * `concord discover`: the collections of each pair and how they map.
 * @module
 */
import { type DiscoveredCollection, discover } from "../../api/discover.js";
import type { Config } from "../../config/index.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";

export async function runDiscover(config: Config, targets: string[], out: Output): Promise<ExitCode> {
  const pairs = await discover({
    config,
    targets,
    explain: out.verbose ? (line) => out.explain(line) : undefined,
  });
  if (out.json) out.printJson(pairs);
  else {
    for (const pair of pairs) {
      out.line(`${pair.pair} (a = ${pair.storages.a}, b = ${pair.storages.b})`);
      if (pair.error) out.problem(`  error: ${pair.error.message}`);
      for (const mapping of pair.mappings) {
        out.line(`  ${mapping.name}: a ${side(mapping.a)} <-> b ${side(mapping.b)}`);
      }
      if (!pair.error && pair.mappings.length === 0) out.line("  no collections");
    }
  }
  return pairs.some((pair) => pair.error) ? ExitCode.incomplete : ExitCode.ok;
}

function side(collection: DiscoveredCollection | undefined): string {
  if (!collection) return "(missing: created on sync)";
  const name = collection.properties.displayname;
  return name && name !== collection.id ? `${collection.href} "${name}"` : collection.href;
}
