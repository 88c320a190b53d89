/**
 * Two `files` storages in a workspace, and ways to look at the trees they hold.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  createReadStream,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { type RunResult, startConcord } from "./concord.js";
import { Workspace } from "./workspace.js";

/** The modes a new file and a new folder get here (the umask decides), octal as `describeTree` shows them. */
export const { fileMode, folderMode } = (() => {
  const dir = mkdtempSync(join(tmpdir(), "concord-umask-"));
  try {
    writeFileSync(join(dir, "file"), "");
    mkdirSync(join(dir, "folder"));
    const mode = (name: string) => (lstatSync(join(dir, name)).mode & 0o7777).toString(8);
    return { fileMode: mode("file"), folderMode: mode("folder") };
  } finally {
    rmSync(dir, { recursive: true });
  }
})();

/** What `--json` prints for one collection, as far as these tests look at it. */
export interface JsonAction {
  readonly kind: string;
  readonly ident: string;
  readonly previous?: string;
  readonly side?: string;
  readonly from?: string;
}

export interface JsonCollection {
  readonly name: string;
  readonly planned: JsonAction[];
  readonly applied: JsonAction[];
  readonly conflicts: JsonAction[];
  readonly failures: { action: JsonAction; error: { message: string } }[];
  readonly skipped?: { where: string; why: string }[];
  readonly tooManyDeletes?: { side: string; count: number; limit: number };
}

export interface JsonPair {
  readonly pair: string;
  readonly collections: JsonCollection[];
  readonly error?: { code: string; message: string };
}

export interface TreeConfig {
  /** Lines added to the pair's table. */
  readonly pair?: string;
  /** Lines added to each storage's table. */
  readonly a?: string;
  readonly b?: string;
  /** The storages' names; "a" and "b" unless given. */
  readonly names?: { readonly a: string; readonly b: string };
}

/**
 * A workspace whose config pairs two trees in folders `a/` and `b/` (storages `a` and `b` unless
 * named otherwise) as pair `p`.
 */
export class TreeWorkspace extends Workspace {
  constructor(options: TreeConfig = {}) {
    super();
    mkdirSync(this.path("a"));
    mkdirSync(this.path("b"));
    this.configure(options);
  }

  /** Writes the config again. */
  configure(options: TreeConfig = {}): void {
    const names = options.names ?? { a: "a", b: "b" };
    const storage = (side: "a" | "b") =>
      `[storage.${names[side]}]\ntype = "files"\npath = "${this.path(side)}"\n${options[side] ?? ""}\n`;
    this.config(
      `${storage("a")}\n${storage("b")}\n[pair.p]\na = "${names.a}"\nb = "${names.b}"\n${options.pair ?? ""}\n`,
    );
  }

  /** `sync --json ARGS`: the pair's report, with the exit code and stderr. */
  async syncJson(...args: string[]): Promise<{ code: number | null; stderr: string; pair: JsonPair }> {
    const result = await this.run("sync", "--json", ...args);
    const parsed = JSON.parse(result.stdout) as { pairs: JsonPair[] };
    return { code: result.code, stderr: result.stderr, pair: parsed.pairs[0] as JsonPair };
  }

  /** Starts `concord ARGS` on this config without waiting for it, under `wrapper` if given. */
  start(args: readonly string[], wrapper?: readonly string[]): ReturnType<typeof startConcord> {
    return startConcord(["-c", this.path("config.toml"), ...args], { env: this.env, wrapper });
  }

  /** The tree under `side` (see `describeTree`). */
  tree(side: string): Record<string, string> {
    return describeTree(this.path(side));
  }

  /** The inode of every file under `side`, by path. */
  inodes(side: string): Record<string, number> {
    const found: Record<string, number> = {};
    walk(this.path(side), "", (relative, path) => {
      const stats = lstatSync(path);
      if (stats.isFile()) found[relative] = stats.ino;
    });
    return found;
  }
}

/** The one collection's report, with what it planned and applied as `kind ident` lines. */
export function actionsOf(collection: JsonCollection | undefined, which: "planned" | "applied"): string[] {
  return (collection?.[which] ?? [])
    .filter((action) => action.kind !== "record")
    .map((action) => `${action.kind} ${action.previous ? `${action.previous} → ` : ""}${action.ident}`)
    .sort();
}

/** Calls `visit` for every entry below `root` (concord's `.concord-id` aside), parents first. */
function walk(root: string, prefix: string, visit: (relative: string, path: string) => void): void {
  for (const name of readdirSync(root).sort()) {
    if (prefix === "" && name === ".concord-id") continue;
    const path = join(root, name);
    const relative = prefix + name;
    visit(relative, path);
    if (lstatSync(path).isDirectory()) walk(path, `${relative}/`, visit);
  }
}

/**
 * Every entry below `root`, by path: a file as `mode content`, a link as `-> target`, a folder
 * as `folder mode`. Temp files left by a write show up too, which is the point.
 */
export function describeTree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  walk(root, "", (relative, path) => {
    const stats = lstatSync(path);
    const mode = (stats.mode & 0o7777).toString(8);
    if (stats.isSymbolicLink()) entries[relative] = `-> ${readlinkSync(path)}`;
    else if (stats.isDirectory()) entries[`${relative}/`] = `folder ${mode}`;
    else if (stats.isFile()) entries[relative] = `${mode} ${readFileSync(path, "utf8")}`;
    else entries[relative] = "special";
  });
  return entries;
}

/** The files of a tree description, without its folders: what a listing of items would hold. */
export function filesOf(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([path]) => !path.endsWith("/")));
}

/**
 * Makes a sparse file of `size` bytes at `path`, holding `marks` (offset → text) and zeros
 * elsewhere: large to copy, cheap to make.
 */
export function sparseFile(path: string, size: number, marks: Record<number, string>): void {
  const fd = openSync(path, "w");
  try {
    ftruncateSync(fd, size);
    for (const [offset, text] of Object.entries(marks)) writeSync(fd, text, Number(offset));
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 of a file, streamed. */
export async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk);
  return hash.digest("hex");
}

/** The size of a `.concord-tmp-*` file in `folder`, if there is one. */
function tempSize(folder: string): number | undefined {
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(".concord-tmp-")) continue;
    try {
      return statSync(`${folder}/${name}`).size;
    } catch {
      return undefined; // published or removed meanwhile
    }
  }
  return undefined;
}

/**
 * Kills a started run with SIGKILL once a temp file in `folder` holds at least `bytes`; answers
 * how large it was then. Fails if the run ends before.
 */
export async function killDuringCopy(
  run: ReturnType<typeof startConcord>,
  folder: string,
  bytes: number,
): Promise<number> {
  const { child, done } = run;
  let ended = false;
  void done.then(() => (ended = true));
  for (;;) {
    const size = tempSize(folder);
    if (size !== undefined && size >= bytes) {
      child.kill("SIGKILL");
      const result = await done;
      expect(result.code).toBeNull(); // the signal ended it, not the end of its work
      return size;
    }
    if (ended) throw new Error(`the run ended before a temp file in ${folder} held ${bytes} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Expects a run to have gone cleanly, showing its output when it did not. */
export function clean(result: RunResult): RunResult {
  if (result.code !== 0) throw new Error(`concord exited ${result.code}: ${result.stderr}${result.stdout}`);
  return result;
}
