/**
 * The file-tree benchmark: a generated tree A synchronised into an empty tree B by concord (two
 * `files` storages), `cp -a` followed by `sync` (the floor of a durable first copy), `rsync -a`
 * and Unison, each tool on its own copies of A and B. The tools take turns as in the calendar
 * benchmark, the first one alternating per repetition, and after every scenario each tool's B
 * must hold what its A holds: the same paths, the same bytes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { concordLauncher, measure, type Measurement } from "./measure.js";

export const filesToolNames = ["concord", "cp -a + sync", "rsync", "unison"] as const;
export type FilesToolName = (typeof filesToolNames)[number];

export const filesScenarioNames = ["first copy", "nothing changed", "one changed"] as const;
export type FilesScenarioName = (typeof filesScenarioNames)[number];

export interface FilesSample {
  readonly scenario: FilesScenarioName;
  readonly tool: FilesToolName;
  readonly measurement: Measurement;
}

export interface FilesRun {
  readonly samples: FilesSample[];
  /** Bytes in the generated tree. */
  readonly bytes: number;
  /** Folders in the generated tree, root excluded. */
  readonly folders: number;
}

/** Files per folder: N files spread over about N / 50 folders. */
const perFolder = 50;
/** Folders per top-level group, so that the tree has some depth. */
const perGroup = 25;

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** Where file `k` of a tree of `n` lies, relative to the root. */
export function filePath(k: number, n: number): string {
  const folders = Math.max(1, Math.round(n / perFolder));
  const folder = Math.min(folders - 1, Math.floor(k / perFolder));
  return `g${pad(Math.floor(folder / perGroup), 3)}/f${pad(folder, 5)}/file-${pad(k, 6)}.dat`;
}

/** mulberry32: a small seeded generator, so that every run writes the same bytes. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `least` to `least + spread` bytes drawn from `seed`: the same bytes for the same seed. */
export function seededBytes(seed: number, least: number, spread: number): Buffer {
  const next = generator(seed);
  const size = least + (next() % (spread + 1));
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let at = 0; at < words.length; at++) words[at] = next();
  return Buffer.from(words.buffer, 0, size);
}

/** The bytes of file `k`: 3,584 to 4,608 random bytes; `revision` gives other bytes of the same size. */
export function fileBytes(k: number, revision = 0): Buffer {
  return seededBytes(k * 7919 + revision * 104_729 + 1, 3584, 1024);
}

/** Writes the tree of `n` files at `root` (which must not exist); answers its size and folder count. */
export function writeTree(root: string, n: number): { bytes: number; folders: number } {
  const made = new Set<string>();
  let bytes = 0;
  for (let k = 0; k < n; k++) {
    const path = join(root, filePath(k, n));
    const folder = dirname(path);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
      made.add(dirname(folder));
    }
    const content = fileBytes(k);
    writeFileSync(path, content);
    bytes += content.length;
  }
  return { bytes, folders: made.size };
}

/**
 * How tree `copy` differs from tree `original` (`diff -rq` lines; none when they hold the same
 * paths and bytes), concord's `.concord-id` marks aside.
 */
export function treeDifferences(original: string, copy: string): string[] {
  const diff = spawnSync("diff", ["-rq", "--no-dereference", "-x", ".concord-id", original, copy], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return diff.status === 0 ? [] : `${diff.stdout}${diff.stderr}`.trim().split("\n");
}

/** One tool with its own tree A (a copy of the generated one) and its own empty tree B. */
class FilesSetup {
  readonly root: string;
  readonly a: string;
  readonly b: string;

  constructor(
    readonly tool: FilesToolName,
    scratch: string,
    master: string,
  ) {
    this.root = mkdtempSync(join(scratch, `${tool.split(" ")[0]}-`));
    this.a = join(this.root, "A");
    this.b = join(this.root, "B");
    // Not measured: A is a copy of the generated tree, with its modification times.
    execFileSync("cp", ["-a", master, this.a]);
    mkdirSync(this.b);
    if (tool === "concord") {
      writeFileSync(
        join(this.root, "config.toml"),
        `[general]
status_path = "${join(this.root, "status")}"

[storage.a]
type = "files"
path = "${this.a}"

[storage.b]
type = "files"
path = "${this.b}"

[pair.trees]
a = "a"
b = "b"
`,
      );
    }
    // Unison keeps its archives under $HOME/.unison, or $UNISON: a private one starts empty.
    if (tool === "unison") mkdirSync(join(this.root, "home"));
  }

  sync(): Promise<Measurement> {
    switch (this.tool) {
      case "concord":
        return measure(process.execPath, [concordLauncher, "-c", join(this.root, "config.toml"), "sync"]);
      case "cp -a + sync":
        return measure("sh", ["-c", 'cp -a "$1/." "$2" && sync', "sh", this.a, this.b]);
      case "rsync":
        return measure("rsync", ["-a", `${this.a}/`, `${this.b}/`]);
      case "unison": {
        const home = join(this.root, "home");
        return measure("unison", [this.a, this.b, "-batch", "-auto", "-silent"], {
          HOME: home,
          UNISON: join(home, ".unison"),
        });
      }
    }
  }

  /** Throws unless B holds the paths and bytes A holds (concord's `.concord-id` marks aside). */
  expectSame(scenario: FilesScenarioName): void {
    const lines = treeDifferences(this.a, this.b);
    if (lines.length === 0) return;
    throw new Error(
      `${this.tool}, ${scenario}: B differs from A in ${lines.length} ways, e.g. ${lines.slice(0, 5).join("; ")}`,
    );
  }
}

/** The tools that take part in a scenario: a copy with `cp` has no next run to compare. */
const takesPart = (tool: FilesToolName, scenario: FilesScenarioName) =>
  scenario === "first copy" || tool !== "cp -a + sync";

export async function runFiles(n: number, reps: number, log: (line: string) => void): Promise<FilesRun> {
  const scratch = mkdtempSync(join(tmpdir(), "concord-bench-files-"));
  try {
    const master = join(scratch, "tree");
    const { bytes, folders } = writeTree(master, n);
    const run: FilesRun = { samples: [], bytes, folders };
    const edited = filePath(Math.floor(n / 2), n);
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? filesToolNames : [...filesToolNames].reverse();
      const setups = order.map((tool) => new FilesSetup(tool, scratch, master));
      for (const scenario of filesScenarioNames) {
        const taking = setups.filter((setup) => takesPart(setup.tool, scenario));
        if (scenario === "one changed")
          for (const setup of taking) writeFileSync(join(setup.a, edited), fileBytes(Math.floor(n / 2), 1));
        for (const setup of taking) {
          // What the tool before wrote and did not sync is not this one's to wait for.
          execFileSync("sync");
          const measurement = await setup.sync();
          run.samples.push({ scenario, tool: setup.tool, measurement });
          log(
            `files n=${n} rep ${rep + 1}/${reps} ${scenario} ${setup.tool}: ${measurement.seconds.toFixed(2)} s, ${(measurement.rssKiB / 1024).toFixed(0)} MB`,
          );
        }
        for (const setup of taking) setup.expectSame(scenario);
      }
      // The trees stay until the end: ext4 makes new files slowly beside inodes freed a moment
      // ago (it skips recently deleted ones), which would weigh on whichever tool came next.
    }
    return run;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
