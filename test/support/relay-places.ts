/**
 * Places that share a relay, in one throw-away folder: each place has its tree (`<place>/`), its
 * config (`<place>.toml`, pair "archive" of storage "archive" with storage "relay") and its status
 * folder; the relay is the folder `relay/` unless a test gives another url.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { concord, type RunResult, startConcord } from "./concord.js";
import { describeTree } from "./trees.js";
import { Workspace } from "./workspace.js";

export interface RelayOptions {
  /** Lines added to every place's relay table (a passphrase, credentials). */
  readonly relay?: string;
  /** The relay's url; the folder `relay/` unless given. */
  readonly url?: string;
}

export class RelayPlaces extends Workspace {
  constructor(
    readonly places: readonly string[],
    private readonly options: RelayOptions = {},
  ) {
    super();
    mkdirSync(this.path("relay"));
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
url = "${this.options.url ?? this.path("relay")}"
place = "${place}"
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

  /** Every file on the relay folder, by path, with its content. */
  relayFiles(): Record<string, Buffer> {
    const found: Record<string, Buffer> = {};
    const walk = (folder: string, prefix: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (lstatSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
        else found[`${prefix}${name}`] = readFileSync(path);
      }
    };
    walk(this.path("relay"), "");
    return found;
  }

  /** The relay's change sets and blobs: what is pending. */
  pending(): string[] {
    return Object.keys(this.relayFiles())
      .filter((key) => key.startsWith("sets/") || key.startsWith("blobs/"))
      .sort();
  }
}
