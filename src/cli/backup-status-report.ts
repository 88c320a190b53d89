/**
 * `concord backup SET --status`, one block per disk.
 * @module
 */
import type { BackupStatusResult } from "../api/backup-status.js";
import { formatBytes } from "../backup/free-space.js";
import type { Output } from "./output.js";

export function renderBackupStatus(result: BackupStatusResult, out: Output): void {
  for (const disk of result.disks) {
    out.line(`${disk.disk}:`);
    if (disk.unavailable !== undefined) {
      out.line(`  not available: ${disk.unavailable}`);
      continue;
    }
    const when = disk.lastWrittenAt === undefined ? "never" : new Date(disk.lastWrittenAt).toISOString();
    out.line(`  last written: ${when}`);
    out.line(`  lacks: ${disk.lacking.files} files, ${formatBytes(disk.lacking.bytes)}`);
    out.line(`  waiting for -m: ${disk.waiting} files`);
    if (disk.free !== undefined) out.line(`  free: ${formatBytes(disk.free)}`);
  }
}
