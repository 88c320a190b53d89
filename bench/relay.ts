/**
 * The relay benchmark: two places, home and anna, joined from copies (`cp -a`) of one generated
 * tree of N files through a relay in a local folder. Every repetition home changes N / 50 files
 * to new content of about 50 kB each (1,000 files, 51 MB at N = 50,000), `concord sync` at home
 * sends the change to the relay, `concord sync` at anna applies it, and a sync at home follows
 * with nothing new. Against that, `cp -a --parents` of the same files from home into an empty
 * folder standing in for the relay, and from there into anna's tree, with and without a `sync`
 * after it (concord writes every file and relay object durably). concord runs twice, with a
 * plain relay and with an encrypted one (a passphrase). Every tool has its own copies, joined
 * once (the join is measured once, for reference); the tools take turns as in the other
 * benchmarks, the first alternating per repetition. After each scenario the harness checks the
 * relay folder and anna's tree: after an apply anna's tree must hold what home's holds, the
 * changed files the new bytes, and concord's relay no change set or blob. */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filePath, seededBytes, treeDifferences, writeTree } from "./files.js";
import { concordLauncher, measure, type Measurement } from "./measure.js";

export const relayToolNames = ["concord", "concord, passphrase", "cp", "cp + sync"] as const;
export type RelayToolName = (typeof relayToolNames)[number];

export const relayScenarioNames = ["join", "send", "apply", "send + apply", "nothing changed"] as const;
export type RelayScenarioName = (typeof relayScenarioNames)[number];

export interface RelaySample {
  readonly scenario: RelayScenarioName;
  readonly tool: RelayToolName;
  readonly measurement: Measurement;
}

/** What a tool's relay folder holds: bytes in its files, and the files. */
export interface RelayHolding {
  readonly bytes: number;
  readonly files: number;
}

export interface RelayRun {
  readonly samples: RelaySample[];
  /** Bytes in the generated tree. */
  readonly bytes: number;
  /** Files home changes. */
  readonly changed: number;
  /** Their new bytes in the first repetition (each repetition writes other bytes, of other sizes). */
  readonly changedBytes: number;
  /**
   * Each tool's relay folder after the send and after the apply, and the bytes of the change it
   * carried, from the last repetition.
   */
  readonly held: Partial<Record<RelayToolName, { send: RelayHolding; apply: RelayHolding; change: number }>>;
}

const passphrase = "correct horse battery staple";

/** The changed files: N / 50 of them (at least one), spread evenly over the tree. */
export function changedFiles(n: number): number[] {
  const count = Math.max(1, Math.round(n / 50));
  return Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * n) / count));
}

/** Revision `revision` of changed file `k`: 46,080 to 56,320 random bytes, 50 kB on average. */
export const changedBytes = (k: number, revision: number): Buffer =>
  seededBytes(k * 7919 + revision * 104_729 + 1_000_003, 46_080, 10_240);

/** One repetition's change: the changed files' paths and new bytes, and the number of home's set. */
interface Change {
  readonly files: ReadonlyMap<string, Buffer>;
  readonly bytes: number;
  readonly set: number;
}

/** Bytes and files below `folder`, folders not counted. */
export function holding(folder: string): RelayHolding {
  let bytes = 0;
  let files = 0;
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        bytes += lstatSync(path).size;
        files++;
      }
    }
  };
  walk(folder);
  return { bytes, files };
}

/** Two runs as one: their times added, the larger peak. */
const added = (first: Measurement, second: Measurement): Measurement => ({
  seconds: first.seconds + second.seconds,
  cpuSeconds: first.cpuSeconds + second.cpuSeconds,
  rssKiB: Math.max(first.rssKiB, second.rssKiB),
});

const isConcord = (tool: RelayToolName) => tool.startsWith("concord");

/** One tool's two places, home and anna (copies of the generated tree), and its relay folder. */
class RelaySetup {
  readonly root: string;
  readonly home: string;
  readonly anna: string;
  /** The relay folder; cp's stand-in is a fresh folder below it for every repetition. */
  relay: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly tool: RelayToolName,
    scratch: string,
    master: string,
    /** The changed files' paths, relative and NUL-terminated, for `xargs -0`. */
    private readonly list: string,
  ) {
    this.root = mkdtempSync(join(scratch, `${tool.replace(/\W+/g, "-")}-`));
    this.home = join(this.root, "home");
    this.anna = join(this.root, "anna");
    this.relay = join(this.root, "relay");
    // Not measured: each place is a copy of the generated tree, with its modification times.
    for (const place of [this.home, this.anna]) execFileSync("cp", ["-a", master, place]);
    mkdirSync(this.relay);
    const encrypted = tool === "concord, passphrase";
    this.env = encrypted ? { RELAY_PASSPHRASE: passphrase } : {};
    if (isConcord(tool)) {
      for (const place of ["home", "anna"]) this.configure(place, encrypted);
    }
  }

  private configure(place: string, encrypted: boolean): void {
    writeFileSync(
      join(this.root, `${place}.toml`),
      `[general]
status_path = "${join(this.root, "status", place)}"

[storage.tree]
type = "files"
path = "${join(this.root, place)}"

[storage.relay]
type = "relay"
url = "${this.relay}"
place = "${place}"
${encrypted ? 'passphrase = { env = "RELAY_PASSPHRASE" }\n' : ""}
[pair.tree]
a = "tree"
b = "relay"
conflict_resolution = "keep both"
`,
    );
  }

  private concord(place: string, ...args: string[]): Promise<Measurement> {
    return measure(
      process.execPath,
      [concordLauncher, "-c", join(this.root, `${place}.toml`), ...args],
      this.env,
    );
  }

  /**
   * Gives cp a fresh, empty stand-in for the repetition's change, as concord's relay is empty
   * again once both places have a change (cp into the folder of the last repetition would
   * overwrite files instead of creating them).
   */
  standIn(rep: number): void {
    if (isConcord(this.tool)) return;
    this.relay = join(this.root, "relay", String(rep));
    mkdirSync(this.relay);
  }

  /** `cp -a --parents` of the changed files from one folder into another, with `sync` for "cp + sync". */
  private copy(from: string, to: string): Promise<Measurement> {
    const then = this.tool === "cp + sync" ? " && sync" : "";
    return measure("sh", [
      "-c",
      `cd "$1" && xargs -0 cp -a --parents -t "$2" < "$3"${then}`,
      "sh",
      from,
      to,
      this.list,
    ]);
  }

  /** The scenario's run, or none where the tool has nothing to do in it. */
  async run(scenario: Exclude<RelayScenarioName, "send + apply">): Promise<Measurement | undefined> {
    if (!isConcord(this.tool)) {
      if (scenario === "send") return this.copy(this.home, this.relay);
      if (scenario === "apply") return this.copy(this.relay, this.anna);
      return undefined;
    }
    switch (scenario) {
      case "join":
        // `relay init` hashes home's tree into the manifest; each place's first sync lists the
        // manifest and its own tree, and sends nothing.
        return [
          await this.concord("home", "relay", "init", "relay", "--places", "home,anna"),
          await this.concord("home", "sync"),
          await this.concord("anna", "sync"),
        ].reduce(added);
      case "send":
        return this.concord("home", "sync");
      case "apply":
        return this.concord("anna", "sync");
      case "nothing changed":
        return this.concord("home", "sync");
    }
  }

  /** Throws unless the relay folder and anna's tree hold what they should after `scenario`. */
  expect(scenario: RelayScenarioName, change: Change): void {
    const fail = (what: string) => {
      throw new Error(`${this.tool}, ${scenario}: ${what}`);
    };
    const pending = isConcord(this.tool)
      ? ["sets", "blobs"].flatMap((folder) => {
          const path = join(this.relay, folder);
          return existsSync(path) ? readdirSync(path).map((name) => `${folder}/${name}`) : [];
        })
      : [];
    if (scenario === "send") {
      const held = holding(this.relay).bytes;
      if (held < change.bytes) fail(`the relay holds ${held} bytes, less than the change's ${change.bytes}`);
      const set = `sets/home.${change.set} blobs/home.${change.set}`;
      if (isConcord(this.tool) && pending.join(" ") !== set)
        fail(`the relay holds ${pending.join(", ") || "nothing"}, not home's change set ${change.set} alone`);
      return;
    }
    if (pending.length > 0) fail(`the relay still holds ${pending.join(", ")}`);
    if (scenario === "join") return;
    const differences = treeDifferences(this.home, this.anna);
    if (differences.length > 0)
      fail(
        `anna's tree differs from home's in ${differences.length} ways, e.g. ${differences.slice(0, 5).join("; ")}`,
      );
    for (const [path, bytes] of change.files)
      if (!readFileSync(join(this.anna, path)).equals(bytes))
        fail(`anna's ${path} does not hold the new bytes`);
  }
}

export async function runRelay(n: number, reps: number, log: (line: string) => void): Promise<RelayRun> {
  const scratch = mkdtempSync(join(tmpdir(), "concord-bench-relay-"));
  try {
    const master = join(scratch, "tree");
    const { bytes } = writeTree(master, n);
    const paths = changedFiles(n).map((k) => [k, filePath(k, n)] as const);
    const list = join(scratch, "changed");
    writeFileSync(list, paths.map(([, path]) => `${path}\0`).join(""));
    /** The change of repetition `rep`: each changed file's new bytes, another revision every time. */
    const changeOf = (rep: number): Change => {
      const files = new Map(paths.map(([k, path]) => [path, changedBytes(k, rep + 1)]));
      const total = [...files.values()].reduce((sum, content) => sum + content.length, 0);
      return { files, bytes: total, set: rep + 1 };
    };
    const first = changeOf(0);
    const run: RelayRun = {
      samples: [],
      bytes,
      changed: first.files.size,
      changedBytes: first.bytes,
      held: {},
    };
    const record = (
      scenario: RelayScenarioName,
      tool: RelayToolName,
      measurement: Measurement,
      rep: number,
    ) => {
      run.samples.push({ scenario, tool, measurement });
      log(
        `relay n=${n} rep ${rep + 1}/${reps} ${scenario} ${tool}: ${measurement.seconds.toFixed(2)} s, ${(measurement.rssKiB / 1024).toFixed(0)} MB`,
      );
    };
    // The places are joined once; every repetition then sends and applies a change of its own.
    const setups = relayToolNames.map((tool) => new RelaySetup(tool, scratch, master, list));
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? setups : [...setups].reverse();
      const change = changeOf(rep);
      const sent = new Map<RelayToolName, Measurement>();
      const heldAfterSend = new Map<RelayToolName, RelayHolding>();
      for (const scenario of relayScenarioNames) {
        if (scenario === "join" && rep > 0) continue;
        if (scenario === "send + apply") continue;
        // Home's change, not measured: the same new bytes in every tool's home.
        if (scenario === "send")
          for (const setup of setups) {
            for (const [path, content] of change.files) writeFileSync(join(setup.home, path), content);
            setup.standIn(rep);
          }
        for (const setup of order) {
          // What the tool before wrote and did not sync is not this one's to wait for.
          execFileSync("sync");
          const measurement = await setup.run(scenario);
          if (!measurement) continue;
          record(scenario, setup.tool, measurement, rep);
          if (scenario === "send") sent.set(setup.tool, measurement);
          if (scenario === "apply")
            record("send + apply", setup.tool, added(sent.get(setup.tool) as Measurement, measurement), rep);
        }
        for (const setup of setups) {
          setup.expect(scenario, change);
          if (scenario === "send") heldAfterSend.set(setup.tool, holding(setup.relay));
          if (scenario === "apply")
            run.held[setup.tool] = {
              send: heldAfterSend.get(setup.tool) as RelayHolding,
              apply: holding(setup.relay),
              change: change.bytes,
            };
        }
      }
    }
    return run;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
