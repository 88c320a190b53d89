/**
 * `concord status`: the last sync of each pair and collection, item counts, pending conflicts.
 * @module
 */
import { status } from "../../api/status.js";
import type { Config } from "../../config/index.js";
import { plural } from "../describe-action.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";

export function runStatus(config: Config, targets: string[], out: Output): ExitCode {
  const pairs = status({ config, targets });
  if (out.json) {
    out.printJson(pairs);
    return ExitCode.ok;
  }
  for (const pair of pairs) {
    if (!pair.synced) {
      out.line(`${pair.pair}: never synchronised`);
      continue;
    }
    out.line(`${pair.pair}:`);
    for (const collection of pair.collections) {
      const when = collection.lastSyncAt
        ? `last sync ${collection.lastSyncAt.toISOString()}`
        : "never synchronised";
      const last = collection.lastResult
        ? Object.entries(collection.lastResult)
            .filter(([, n]) => n > 0)
            .map(([kind, n]) => `${kind} ${n}`)
            .join(", ") || "nothing changed"
        : "";
      out.line(
        `  ${collection.name}: ${plural(collection.items, "item")}, ${when}${last ? ` (${last})` : ""}`,
      );
      for (const conflict of collection.conflicts) {
        out.line(`    conflict: ${conflict.ident} (a ${conflict.a.href}, b ${conflict.b.href})`);
      }
    }
  }
  return ExitCode.ok;
}
