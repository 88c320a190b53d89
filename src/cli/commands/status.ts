/**
 * `concord status`: the last sync of each pair and collection, item counts, pending conflicts,
 * and what a running daemon did last.
 * @module
 */
import { backupOverview } from "../../api/backup-status.js";
import { type DaemonStatus, status } from "../../api/status.js";
import { formatBytes } from "../../backup/free-space.js";
import type { Config } from "../../config/index.js";
import { plural } from "../describe-action.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";

export async function runStatus(config: Config, targets: string[], out: Output): Promise<ExitCode> {
  const pairs = status({ config, targets });
  if (out.json) {
    out.printJson(pairs);
    return ExitCode.ok;
  }
  renderPairs(pairs, out);
  // Backup sets are shown with every pair; `concord backup SET --status` tells what each disk lacks.
  if (targets.length === 0) renderOverview(await backupOverview(config), out);
  return ExitCode.ok;
}

function renderPairs(pairs: ReturnType<typeof status>, out: Output): void {
  for (const pair of pairs) {
    out.line(pair.synced ? `${pair.pair}:` : `${pair.pair}: never synchronised`);
    if (pair.daemon) out.line(`  ${describeDaemon(pair.daemon)}`);
    for (const collection of pair.collections) {
      const when = collection.lastSyncAt
        ? `last sync ${collection.lastSyncAt.toISOString()}`
        : "never synchronised";
      const last = collection.lastResult ? describeCounts(collection.lastResult) : "";
      out.line(
        `  ${collection.name}: ${plural(collection.items, "item")}, ${when}${last ? ` (${last})` : ""}`,
      );
      for (const conflict of collection.conflicts) {
        out.line(`    conflict: ${conflict.ident} (a ${conflict.a.href}, b ${conflict.b.href})`);
      }
    }
  }
}

function renderOverview(sets: Awaited<ReturnType<typeof backupOverview>>, out: Output): void {
  for (const { set, disks } of sets) {
    out.line(`backup ${set}:`);
    for (const disk of disks) {
      if (disk.unavailable !== undefined) {
        out.line(`  ${disk.disk}: not available: ${disk.unavailable}`);
        continue;
      }
      const when =
        disk.lastWrittenAt === undefined
          ? "never written"
          : `last written ${new Date(disk.lastWrittenAt).toISOString()}`;
      const free = disk.free === undefined ? "" : `, ${formatBytes(disk.free)} free`;
      out.line(`  ${disk.disk}: ${plural(disk.files, "file")}, ${when}${free}`);
    }
  }
}

/** `daemon pid N running since T, last sync T (reason): create 2, retrying at T`. */
function describeDaemon({ pid, since, lastSync }: DaemonStatus): string {
  const running = `daemon pid ${pid} running since ${since.toISOString()}`;
  if (lastSync === undefined) return `${running}, no sync yet`;
  const outcome =
    lastSync.errors.length > 0 ? `error: ${lastSync.errors.join("; ")}` : describeCounts(lastSync.counts);
  const retry = lastSync.retryAt ? `, retrying at ${lastSync.retryAt.toISOString()}` : "";
  return `${running}, last sync ${lastSync.at.toISOString()} (${lastSync.reason}): ${outcome}${retry}`;
}

/** `create 2, update 1`, or `nothing changed`. */
const describeCounts = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ") || "nothing changed";
