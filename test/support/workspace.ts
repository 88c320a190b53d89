/**
 * A throw-away folder holding a config, the storages' files and the status databases.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { concord, concordPiped, type RunResult } from "./concord.js";

export class Workspace {
  /** A private folder around `root`, so a test can check that nothing appeared beside it. */
  readonly enclosure = mkdtempSync(join(tmpdir(), "concord-e2e-"));
  readonly root = join(this.enclosure, "workspace");
  /** Environment variables for the concord processes, besides PATH and HOME. */
  readonly env: NodeJS.ProcessEnv = {};

  constructor() {
    mkdirSync(this.root);
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  write(relative: string, content: string | Uint8Array): void {
    const target = this.path(relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), "utf8");
  }

  /** File names in a folder, sorted; [] when it does not exist. */
  list(relative: string): string[] {
    try {
      return readdirSync(this.path(relative)).sort();
    } catch {
      return [];
    }
  }

  /** Writes the config with `status_path` inside the workspace. */
  config(body: string): void {
    this.write("config.toml", `[general]\nstatus_path = "${this.path("status")}"\n\n${body}`);
  }

  /** A config pairing two vdirs of calendars, `a/` and `b/`, as pair "p" with every collection. */
  vdirPair(pairExtra = ""): void {
    this.config(`${this.vdirPairTables("p", "a", "b")}${pairExtra}`);
  }

  /**
   * The TOML of pair `pair` between two vdirs of calendars, storages `a` and `b` in folders of the
   * same names, with every collection: for `vdirPair`, or to add a pair to a config.
   */
  vdirPairTables(pair: string, a: string, b: string): string {
    const storage = (name: string) => `[storage.${name}]
type = "vdir"
path = "${this.path(name)}"
fileext = ".ics"
`;
    return `${storage(a)}
${storage(b)}
[pair.${pair}]
a = "${a}"
b = "${b}"
collections = "all"
`;
  }

  /**
   * A config pairing a DAV account (side a, storage "server") with a vdir (side b, storage
   * "local", folder `local/`) as pair "p". The password travels in $DAV_PASSWORD.
   */
  davPair(options: {
    type: "caldav" | "carddav";
    server: { url: string; username: string; password: string };
    collections: string;
    serverExtra?: string;
    pairExtra?: string;
  }): void {
    this.env.DAV_PASSWORD = options.server.password;
    this.config(`[storage.server]
type = "${options.type}"
url = "${options.server.url}"
username = "${options.server.username}"
password = { env = "DAV_PASSWORD" }
${options.serverExtra ?? ""}

[storage.local]
type = "vdir"
path = "${this.path("local")}"
fileext = "${options.type === "caldav" ? ".ics" : ".vcf"}"

[pair.p]
a = "server"
b = "local"
collections = ${options.collections}
${options.pairExtra ?? ""}`);
  }

  run(...args: string[]): Promise<RunResult> {
    return concord(["-c", this.path("config.toml"), ...args], { env: this.env });
  }

  /** `input` arrives through a pipe; `null` connects stdin to /dev/null. */
  runWithInput(input: string | null, ...args: string[]): Promise<RunResult> {
    return concord(["-c", this.path("config.toml"), ...args], { env: this.env, input });
  }

  /** Runs concord with its output going into `pipeline` (see `concordPiped`). */
  runPiped(pipeline: string, ...args: string[]): Promise<RunResult> {
    return concordPiped(["-c", this.path("config.toml"), ...args], pipeline, { env: this.env });
  }

  dispose(): void {
    rmSync(this.enclosure, { recursive: true, force: true });
  }
}

/** An event of one hour: Cyrus refuses timed events that last no time (no DTEND, no DURATION). */
export const event = (uid: string, summary: string): string =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T100000Z\r\nDTEND:20260301T110000Z\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

/**
 * UID → SUMMARY (or FN) of every .ics and .vcf file in `folder`, to compare what a side holds
 * whatever a server did to the bytes; empty when the folder does not exist (yet).
 */
export function itemSummaries(folder: string): Record<string, string> {
  const items: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return items;
  }
  for (const name of names.filter((file) => /\.(ics|vcf)$/.test(file))) {
    const text = readFileSync(join(folder, name), "utf8");
    items[/^UID:(.*)$/m.exec(text)?.[1]?.trim() ?? name] = (
      /^(?:SUMMARY|FN):(.*)$/m.exec(text)?.[1] ?? ""
    ).trim();
  }
  return items;
}
