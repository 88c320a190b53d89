/**
 * A backup set in a workspace: work folders and backup folders (`disk1/`, `disk2/`, ...) as set
 * `photos`, and ways to look at them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { describeTree } from "./trees.js";
import { Workspace } from "./workspace.js";

export interface BackupSetOptions {
  /** Work folders, relative to the workspace: `["work"]` unless given. */
  readonly work?: readonly string[];
  /** Backup folders, relative to the workspace or absolute: `disk1` and `disk2` unless given. */
  readonly backups?: readonly string[];
  /** Lines added to the table. */
  readonly extra?: string;
}

export class BackupWorkspace extends Workspace {
  constructor(options: BackupSetOptions = {}) {
    super();
    for (const folder of options.work ?? ["work"]) mkdirSync(this.path(folder), { recursive: true });
    this.configure(options);
  }

  configure(options: BackupSetOptions = {}): void {
    const quoted = (paths: readonly string[]) =>
      paths.map((path) => JSON.stringify(path.startsWith("/") ? path : this.path(path))).join(", ");
    this.config(
      `[backup.photos]\nwork = [${quoted(options.work ?? ["work"])}]\nbackups = [${quoted(options.backups ?? ["disk1", "disk2"])}]\n${options.extra ?? ""}\n`,
    );
  }

  /** `concord backup photos ARGS`. */
  backup(...args: string[]) {
    return this.run("backup", "photos", ...args);
  }

  /** `concord restore photos ARGS`, with nothing on stdin. */
  restore(...args: string[]) {
    return this.runWithInput(null, "restore", "photos", ...args);
  }

  /** Makes `folder` a backup disk of the set (creating it). */
  async init(folder: string): Promise<void> {
    const result = await this.backup("--init", this.path(folder));
    if (result.code !== 0) throw new Error(`--init ${folder} failed: ${result.stderr}`);
  }

  tree(folder: string): Record<string, string> {
    return describeTree(this.path(folder));
  }

  /**
   * Changes a file's content behind everyone's back, as a failing disk would: same size, same
   * modification time.
   */
  rot(relative: string, content: string): void {
    const path = this.path(relative);
    if (Buffer.byteLength(content) !== statSync(path).size) throw new Error("rot keeps the size");
    // touch -r carries the times to the nanosecond, which utimes through a Date would not.
    const reference = `${path}.times`;
    execFileSync("touch", ["-r", path, reference]);
    writeFileSync(path, content);
    execFileSync("touch", ["-r", reference, path]);
    rmSync(reference);
  }
}
