/**
 * `concord daemon` as a supervisor runs it: the real CLI in a child process, watched vdirs, a
 * polled DAV server, readiness on a file descriptor and SIGTERM to stop. Every assertion waits
 * for a state or counts lines; none depends on how fast the machine is.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DavServer, startServer } from "../support/servers/index.js";
import { event, Workspace } from "../support/workspace.js";

const launcher = fileURLToPath(new URL("../../bin/concord", import.meta.url));

interface LogLine {
  event: string;
  pair: string;
  collections: string[] | null;
  reason: string;
  summary: string;
  error: string | null;
}

/** A running `concord daemon` and what it said so far. */
class Daemon {
  readonly child: ChildProcess;
  ready = false;
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(ws: Workspace, ...args: string[]) {
    this.child = spawn(
      process.execPath,
      [launcher, "-c", ws.path("config.toml"), "daemon", "--ready-fd", "3", "--log-format", "json", ...args],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...ws.env },
        stdio: ["ignore", "ignore", "pipe", "pipe"],
      },
    );
    (this.child.stdio[3] as Readable).on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("READY=1\n")) this.ready = true;
    });
    this.child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** The sync log lines; anything else on stderr fails the parse and so the test. */
  syncs(): LogLine[] {
    return this.stderr
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as LogLine);
  }

  async stop(): Promise<number | null> {
    this.child.kill("SIGTERM");
    return this.exited;
  }
}

/** Polls `condition` every 100 ms for up to 20 s. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** UID → SUMMARY of every item in a vdir collection. */
function summaries(folder: string): Record<string, string> {
  const result: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return result;
  }
  for (const name of names.filter((name) => name.endsWith(".ics"))) {
    const text = readFileSync(`${folder}/${name}`, "utf8");
    result[/^UID:(.*)$/m.exec(text)?.[1]?.trim() ?? name] = /^SUMMARY:(.*)$/m.exec(text)?.[1]?.trim() ?? "";
  }
  return result;
}

let ws: Workspace;
let running: Daemon | undefined;
beforeEach(() => {
  ws = new Workspace();
});
afterEach(async () => {
  if (running && running.child.exitCode === null) await running.stop();
  running = undefined;
  ws.dispose();
});

describe("concord daemon on two vdirs", () => {
  beforeEach(() => {
    ws.vdirPair();
  });

  it("signals readiness, carries an edit across, gathers a burst into few syncs and stops on SIGTERM", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const daemon = (running = new Daemon(ws, "--interval", "1"));
    await eventually(() => daemon.ready, "READY=1 arrives on fd 3");
    await eventually(() => summaries(ws.path("b/cal")).one === "v1", "the first sync copies one.ics");

    ws.write("a/cal/one.ics", event("one", "v2"));
    await eventually(() => summaries(ws.path("b/cal")).one === "v2", "the edit reaches b");
    const beforeBurst = daemon.syncs().length;

    for (let n = 0; n < 50; n++) ws.write(`a/cal/burst-${n}.ics`, event(`burst-${n}`, "burst"));
    await eventually(() => Object.keys(summaries(ws.path("b/cal"))).length === 51, "the burst reaches b");
    // Late events of the daemon's own writes must not start syncs that find nothing to do.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const burstSyncs = daemon.syncs().slice(beforeBurst);
    expect(burstSyncs.length).toBeGreaterThanOrEqual(1);
    expect(burstSyncs.length).toBeLessThanOrEqual(5);
    expect(daemon.syncs().every((line) => line.error === null && line.event === "sync")).toBe(true);
    expect(summaries(ws.path("a/cal"))).toEqual(summaries(ws.path("b/cal")));

    expect(await daemon.stop()).toBe(0);
  });

  it("picks up a collection created while it runs", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const daemon = (running = new Daemon(ws));
    await eventually(() => daemon.syncs().length >= 1, "the first sync is logged");
    ws.write("b/work/two.ics", event("two", "new folder"));
    await eventually(() => summaries(ws.path("a/work")).two === "new folder", "the new collection reaches a");
    expect(await daemon.stop()).toBe(0);
  });
});

describe("concord daemon polling Radicale", () => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startServer("radicale");
  });
  afterAll(() => server?.stop());

  it("brings an edit made on the server after the storage's poll interval", async () => {
    const calendar = await server.makeCalendar("polled");
    await server.put(`${calendar}one.ics`, event("one", "v1"));
    ws.davPair({ type: "caldav", server, collections: '["polled"]', serverExtra: "interval = 1" });
    const daemon = (running = new Daemon(ws));
    await eventually(() => summaries(ws.path("local/polled")).one === "v1", "the first sync downloads one");

    await server.put(`${calendar}two.ics`, event("two", "added on the server"));
    await eventually(
      () => summaries(ws.path("local/polled")).two === "added on the server",
      "a poll downloads the new item",
    );
    expect(daemon.syncs().some((line) => line.reason === "poll")).toBe(true);
    expect(await daemon.stop()).toBe(0);
  });
});
