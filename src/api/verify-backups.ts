/**
 * `concord backup SET --verify [--repair]`: every plugged-in disk of the set read again and
 * compared with what was recorded when it was written.
 * @module
 */
import type { Config } from "../config/index.js";
import { diskState } from "../backup/disk-mark.js";
import { backupSet, backupStatusFile, treeOnDisk, workTrees } from "../backup/layout.js";
import { type Finding, verifyTree } from "../backup/verify-tree.js";

export interface DiskVerification {
  readonly disk: string;
  readonly unavailable?: string;
  readonly checked: number;
  /** Paths relative to the disk's backup folder. */
  readonly findings: readonly Finding[];
}

export interface VerifyResult {
  readonly set: string;
  readonly disks: readonly DiskVerification[];
}

export async function verifyBackups(options: {
  readonly config: Config;
  readonly set: string;
  readonly repair: boolean;
  readonly signal?: AbortSignal;
}): Promise<VerifyResult> {
  const set = backupSet(options.config, options.set);
  const states = new Map(
    await Promise.all(set.backups.map(async (disk) => [disk, await diskState(set.name, disk)] as const)),
  );
  const ready = set.backups.filter((disk) => states.get(disk)?.kind === "ready");
  const disks: DiskVerification[] = [];
  for (const disk of set.backups) {
    const state = states.get(disk);
    if (state?.kind !== "ready") {
      disks.push({ disk, unavailable: state?.why ?? "unknown", checked: 0, findings: [] });
      continue;
    }
    let checked = 0;
    const findings: Finding[] = [];
    for (const tree of workTrees(set)) {
      const verified = await verifyTree({
        statusFile: backupStatusFile(options.config, set.name, tree, { id: state.id }),
        root: treeOnDisk(disk, tree),
        ignore: set.ignore,
        sources: [
          tree.work,
          ...ready.filter((other) => other !== disk).map((other) => treeOnDisk(other, tree)),
        ],
        repair: options.repair,
        signal: options.signal,
      });
      checked += verified.checked;
      const prefix = tree.onDisk === "" ? "" : `${tree.onDisk}/`;
      findings.push(...verified.findings.map((finding) => ({ ...finding, path: prefix + finding.path })));
    }
    disks.push({ disk, checked, findings });
  }
  return { set: set.name, disks };
}
