/**
 * Places that share a relay, in one throw-away folder: each place has its tree (`<place>/`), its
 * config (`<place>.toml`, pair "archive" of storage "archive" with storage "relay") and its status
 * folder; the relay is the folder `relay/` unless a test gives another store or url.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { concord, type RunResult, startConcord } from "./concord.js";
import { type RelayInStore, type RelayStore, startedFolderStore } from "./relay/stores.js";
import { describeTree } from "./trees.js";
import { Workspace } from "./workspace.js";

export interface RelayOptions {
  /** Lines added to every place's relay table (a passphrase, credentials). */
  readonly relay?: string;
  /** The relay's url; the folder `relay/` unless given. */
  readonly url?: string;
  /** Where the relay lives (see stores.ts); the folder `relay/` unless given. */
  readonly store?: RelayStore;
}

export class RelayPlaces extends Workspace {
  /** The relay, in the store the options name. */
  readonly relay: RelayInStore;
  /** What the runs of `explained` printed, stdout and stderr, in order. */
  readonly printed: string[] = [];

  constructor(
    readonly places: readonly string[],
    private readonly options: RelayOptions = {},
  ) {
    super();
    mkdirSync(this.path("relay"));
    this.relay = (options.store ?? startedFolderStore).relay(this.path("relay"));
    Object.assign(this.env, this.relay.env);
    for (const place of places) {
      mkdirSync(this.path(place));
      this.configure(place);
    }
  }

  /** Writes a place's config, with `relay` lines instead of the workspace's when given. */
  configure(place: string, relay = this.options.relay ?? ""): void {
    this.write(
      `${place}.toml`,
      `[general]
status_path = "${this.path("status", place)}"

[storage.archive]
type = "files"
path = "${this.path(place)}"

[storage.relay]
type = "relay"
url = "${this.options.url ?? this.relay.url}"
place = "${place}"
${this.relay.lines}
${relay}

[pair.archive]
a = "archive"
b = "relay"
conflict_resolution = "keep both"
`,
    );
  }

  /** Runs concord at a place. */
  at(place: string, ...args: string[]): Promise<RunResult> {
    return concord(["-c", this.path(`${place}.toml`), ...args], { env: this.env });
  }

  /**
   * Runs concord at a place explaining every request (`-v`), keeps what it printed in `printed`,
   * and fails on a non-zero exit.
   */
  async explained(place: string, ...args: string[]): Promise<RunResult> {
    const result = await this.at(place, "-v", ...args);
    this.printed.push(result.stdout, result.stderr);
    if (result.code !== 0) throw new Error(`concord exited ${result.code}: ${result.stderr}${result.stdout}`);
    return result;
  }

  /** Every file concord keeps in the places' status folders, as bytes. */
  statusFiles(folder = this.path("status")): Buffer[] {
    return readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? this.statusFiles(path) : [readFileSync(path)];
    });
  }

  /** Starts concord at a place, without waiting for it. */
  startAt(place: string, ...args: string[]): ReturnType<typeof startConcord> {
    return startConcord(["-c", this.path(`${place}.toml`), ...args], { env: this.env });
  }

  /** Copies one place's tree to the others (a cloned disk), keeping modes and times to the nanosecond. */
  cloneTree(from: string): void {
    for (const place of this.places) {
      if (place === from) continue;
      rmSync(this.path(place), { recursive: true });
      execFileSync("cp", ["-a", this.path(from), this.path(place)]);
    }
  }

  remove(relative: string): void {
    rmSync(this.path(relative), { recursive: true });
  }

  rename(from: string, to: string): void {
    renameSync(this.path(from), this.path(to));
  }

  /** A place's tree (see `describeTree`). */
  tree(place: string): Record<string, string> {
    return describeTree(this.path(place));
  }

  /** Every object on the relay, by key, with its content, as the store holds it. */
  relayFiles(): Record<string, Buffer> {
    return Object.fromEntries(
      Object.entries(this.relay.files()).map(([key, path]) => [key, readFileSync(path)]),
    );
  }

  /** The relay's change sets and blobs: what is pending. */
  pending(): string[] {
    return Object.keys(this.relay.files())
      .filter((key) => key.startsWith("sets/") || key.startsWith("blobs/"))
      .sort();
  }
}
