/**
 * What `concord backup --verify` found, per disk.
 * @module
 */
import type { VerifyResult } from "../api/verify-backups.js";
import type { Output } from "./output.js";

export function renderVerify(result: VerifyResult, set: string, out: Output): void {
  for (const disk of result.disks) {
    if (disk.unavailable !== undefined) {
      out.problem(`${disk.disk}: skipped: ${disk.unavailable}`);
      continue;
    }
    const rotten = disk.findings.filter((finding) => finding.kind === "rotten" && !finding.repaired);
    out.line(
      `${disk.disk}: ${disk.checked} files read, ${disk.findings.length === 0 ? "all as copied" : `${disk.findings.length} not as copied`}`,
    );
    for (const finding of disk.findings) {
      const at = `${disk.disk}: ${finding.path}`;
      if (finding.error) out.problem(`${at}: ${finding.kind}: ${finding.error.message}`);
      else if (finding.repaired)
        out.line(`${at}: rotten (same size and date, other content); repaired from ${finding.repaired}`);
      else if (finding.kind === "rotten") out.problem(`${at}: rotten (same size and date, other content)`);
      else if (finding.kind === "edited") out.problem(`${at}: changed on the disk since it was copied`);
      else out.problem(`${at}: missing; the next backup copies it again`);
    }
    if (rotten.length > 0 && rotten.some((finding) => !finding.error)) {
      out.problem(
        `${disk.disk}: run "concord backup ${set} --verify --repair" to rewrite rotten files from a good copy`,
      );
    }
  }
}
