/**
 * What to say when `on_empty = "skip"` stopped a collection: what happened, and the two ways on,
 * letting the deletion through or copying the items back. concord has no command that copies
 * back one side alone; forgetting the pair's status does it, as the next sync then copies to
 * each side what it lacks (test/e2e/on-empty.test.ts runs the command given here).
 * @module
 */
import { statusFile } from "../api/open.js";
import type { Config } from "../config/index.js";
import { otherSide, type Side } from "../engine/types.js";

/** The message for collection `name` of pair `pairName`, whose side `emptied` is empty. */
export function emptiedAdvice(config: Config, pairName: string, name: string, emptied: Side): string {
  const other = otherSide(emptied);
  const lines = [
    `${name}: side ${emptied} is empty but held items at the last sync; nothing was deleted on the other side.`,
    `To delete them on side ${other} too, sync once with on_empty = "sync" in [pair.${pairName}].`,
  ];
  const pair = config.pairs.get(pairName);
  const readOnly = pair !== undefined && config.storages.get(pair[emptied])?.config.read_only === true;
  if (readOnly) {
    lines.push(`Side ${emptied} is read-only: concord cannot copy them back.`);
  } else if (pair?.oneWay && emptied === "a") {
    // Without a status, a one-way pair makes B a copy of the empty A.
    lines.push("Side b follows side a (one_way): concord does not copy them back; restore side a yourself.");
  } else {
    lines.push(
      `To copy them back to side ${emptied} instead, remove the pair's status (rm ${shellWord(statusFile(config, pairName))}*) ` +
        `and sync again: concord then forgets what it last saw of pair ${pairName} and copies to each side what it lacks.`,
    );
  }
  return lines.join(" ");
}

/** `text` as one shell word, quoted only when it must be. */
const shellWord = (text: string): string =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
