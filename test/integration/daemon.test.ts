/**
 * `concord daemon` as a supervisor runs it: the real CLI in a child process, watched vdirs, a
 * polled DAV server that goes away and comes back, readiness on a file descriptor, SIGHUP to
 * reload and SIGTERM to stop. Every assertion waits for a state or counts lines; none depends on
 * how fast the machine is.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { hostname } from "node:os";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { daemon } from "../../src/api/daemon.js";
import { openConfig } from "../../src/api/open.js";
import { type DavServer, propfind, startServer } from "../support/servers/index.js";
import { TreeWorkspace } from "../support/trees.js";
import { eventually } from "../support/eventually.js";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

const launcher = fileURLToPath(new URL("../../bin/concord", import.meta.url));

interface LogLine {
  event: string;
  pair: string;
  collections: string[] | null;
  reason: string;
  summary: string;
  error: string | null;
  retryInMs: number | null;
}

/** A running `concord daemon` and what it said so far. */
class Daemon {
  readonly child: ChildProcess;
  ready = false;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(ws: Workspace, ...args: string[]) {
    this.child = spawn(
      process.execPath,
      [launcher, "-c", ws.path("config.toml"), "daemon", "--ready-fd", "3", "--log-format", "json", ...args],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...ws.env },
        stdio: ["ignore", "pipe", "pipe", "pipe"],
      },
    );
    (this.child.stdio[3] as Readable).on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("READY=1\n")) this.ready = true;
    });
    this.child.stdout?.on("data", (chunk: Buffer) => (this.stdout += chunk.toString()));
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

  it("tells systemd it is ready through NOTIFY_SOCKET, naming its own pid", async () => {
    // systemd listens on a unix datagram socket, which Node cannot open; Python can.
    const socketPath = ws.path("notify.sock");
    const listener = spawn(
      "python3",
      [
        "-c",
        "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint(s.recv(4096).decode(), flush=True)",
        socketPath,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let heard = "";
    listener.stdout.on("data", (chunk: Buffer) => (heard += chunk.toString()));
    try {
      await eventually(() => existsSync(socketPath), "the listener binds its socket");
      ws.env.NOTIFY_SOCKET = socketPath;
      const daemon = (running = new Daemon(ws));
      await eventually(() => heard.includes("READY=1"), "READY=1 arrives on the socket");
      expect(heard).toContain(`MAINPID=${daemon.child.pid}`);
      expect(await daemon.stop()).toBe(0);
    } finally {
      listener.kill();
    }
  });

  it("signals readiness, carries an edit across, gathers a burst into few syncs and stops on SIGTERM", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const daemon = (running = new Daemon(ws, "--interval", "1"));
    await eventually(() => daemon.ready, "READY=1 arrives on fd 3");
    await eventually(() => itemSummaries(ws.path("b/cal")).one === "v1", "the first sync copies one.ics");

    ws.write("a/cal/one.ics", event("one", "v2"));
    await eventually(() => itemSummaries(ws.path("b/cal")).one === "v2", "the edit reaches b");
    const beforeBurst = daemon.syncs().length;

    for (let n = 0; n < 50; n++) ws.write(`a/cal/burst-${n}.ics`, event(`burst-${n}`, "burst"));
    await eventually(() => Object.keys(itemSummaries(ws.path("b/cal"))).length === 51, "the burst reaches b");
    // Late events of the daemon's own writes must not start syncs that find nothing to do.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const burstSyncs = daemon.syncs().slice(beforeBurst);
    expect(burstSyncs.length).toBeGreaterThanOrEqual(1);
    expect(burstSyncs.length).toBeLessThanOrEqual(5);
    expect(daemon.syncs().every((line) => line.error === null && line.event === "sync")).toBe(true);
    expect(itemSummaries(ws.path("a/cal"))).toEqual(itemSummaries(ws.path("b/cal")));

    expect(await daemon.stop()).toBe(0);
  });

  it("starts syncing a pair added to the config on SIGHUP", async () => {
    ws.write("a/cal/one.ics", event("one", "in p"));
    const daemon = (running = new Daemon(ws));
    await eventually(() => itemSummaries(ws.path("b/cal")).one === "in p", "pair p is synchronised");
    ws.write("c/cal/two.ics", event("two", "in q"));
    ws.write("config.toml", `${ws.read("config.toml")}\n${ws.vdirPairTables("q", "c", "d")}`);
    daemon.child.kill("SIGHUP");
    await eventually(() => itemSummaries(ws.path("d/cal")).two === "in q", "the new pair q is synchronised");
    // The sync is logged once it is over, a moment after its last write.
    await eventually(() => daemon.syncs().some((line) => line.pair === "q"), "the sync of q is logged");
    expect(daemon.syncs().filter((line) => line.pair === "q")[0]).toMatchObject({
      reason: "start",
      error: null,
    });

    // The reload left pair p watched as before.
    ws.write("a/cal/one.ics", event("one", "after the reload"));
    await eventually(
      () => itemSummaries(ws.path("b/cal")).one === "after the reload",
      "p still follows edits",
    );
    expect(await daemon.stop()).toBe(0);
  });

  it.each(["json", "text"])(
    "logs to stderr alone in %s: every sync, and a config reload that failed",
    async (format) => {
      ws.write("a/cal/one.ics", event("one", "v1"));
      const daemon = (running = new Daemon(ws, "--log-format", format));
      await eventually(() => daemon.stderr.endsWith("\n"), "the first sync is logged");
      const config = ws.read("config.toml");
      ws.write("config.toml", "[pair.broken\n");
      daemon.child.kill("SIGHUP");
      await eventually(() => daemon.stderr.split("\n").length > 2, "the failed reload is logged");
      ws.write("config.toml", config);
      expect(await daemon.stop()).toBe(0);

      expect(daemon.stdout).toBe("");
      const lines = daemon.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      if (format === "json") {
        const [sync, reload] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(sync).toMatchObject({ event: "sync", pair: "p", error: null });
        expect(reload).toMatchObject({ event: "reload-failed", file: ws.path("config.toml") });
        expect(reload?.error).toContain(ws.path("config.toml"));
      } else {
        expect(lines[0]).toMatch(
          /^\d{4}-\d\d-\d\dT[\d:.]+Z p: cal: collection created in b, created 1 in b \(\d+ ms\)$/,
        );
        expect(lines[1]).toMatch(
          new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z cannot reload ${ws.path("config.toml")}: `),
        );
      }
    },
  );

  it("holds the pair's lock while it syncs: a manual sync meanwhile fails at once, naming the daemon", async () => {
    // The conflict command stands for a sync that takes a while: it waits for the test's word,
    // and then keeps a's version.
    const script = `touch "${ws.path("held")}"; while [ ! -e "${ws.path("release")}" ]; do sleep 0.05; done; cp "$0" "$1"`;
    ws.vdirPair(`conflict_resolution = { cmd = ["sh", "-c", ${JSON.stringify(script)}] }`);
    ws.write("a/cal/one.ics", event("one", "in a"));
    ws.write("b/cal/one.ics", event("one", "in b"));
    const daemon = (running = new Daemon(ws));
    await eventually(() => existsSync(ws.path("held")), "the daemon's first sync is in the conflict command");

    const manual = await ws.run("sync");
    expect(manual.code).toBe(1);
    expect(manual.stderr).toContain(
      `p: error: pair p is being synchronised by process ${daemon.child.pid} on ${hostname()} since `,
    );
    expect(manual.stderr).toContain(`(lock file ${ws.path("status", "p.lock")})`);
    expect(itemSummaries(ws.path("b/cal"))).toEqual({ one: "in b" });

    ws.write("release", "");
    await eventually(() => daemon.syncs().length >= 1, "the daemon's sync ends");
    expect(daemon.syncs()[0]).toMatchObject({ reason: "start", error: null });
    expect(itemSummaries(ws.path("b/cal"))).toEqual({ one: "in a" });
    expect(await daemon.stop()).toBe(0);
  });

  it("reports its last sync of each pair to concord status while it runs, and only then", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const daemon = (running = new Daemon(ws));
    await eventually(() => daemon.syncs().length >= 1, "the first sync is logged");
    const pid = daemon.child.pid as number;

    const text = await ws.run("status");
    expect(text.stdout).toMatch(
      new RegExp(
        `^p:\n  daemon pid ${pid} running since \\S+, last sync \\S+ \\(start\\): create-collection 1, create 1\\n`,
      ),
    );
    const json = JSON.parse((await ws.run("status", "--json")).stdout) as {
      daemon?: { pid: number; since: string; lastSync: { reason: string; counts: Record<string, number> } };
    }[];
    expect(json[0]?.daemon).toMatchObject({ pid, lastSync: { reason: "start", counts: { create: 1 } } });
    expect(Date.parse(json[0]?.daemon?.since ?? "")).toBeLessThanOrEqual(Date.now());

    expect(await daemon.stop()).toBe(0);
    expect((await ws.run("status")).stdout).not.toContain("daemon");
  });

  it("leaves a record concord status ignores once the daemon is killed", async () => {
    const daemon = (running = new Daemon(ws));
    await eventually(() => daemon.syncs().length >= 1, "the first sync is logged");
    expect((await ws.run("status")).stdout).toContain(`daemon pid ${daemon.child.pid} running`);
    daemon.child.kill("SIGKILL");
    await daemon.exited;
    expect(existsSync(ws.path("status", "p.daemon.json"))).toBe(true);
    expect((await ws.run("status")).stdout).not.toContain("daemon");
  });

  it("picks up a collection created while it runs", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const daemon = (running = new Daemon(ws));
    await eventually(() => daemon.syncs().length >= 1, "the first sync is logged");
    ws.write("b/work/two.ics", event("two", "new folder"));
    await eventually(
      () => itemSummaries(ws.path("a/work")).two === "new folder",
      "the new collection reaches a",
    );
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
    await eventually(
      () => itemSummaries(ws.path("local/polled")).one === "v1",
      "the first sync downloads one",
    );

    // After a first poll, the syncs that follow the first one's own writes are over: what brings
    // the server's change can only be a poll.
    await eventually(() => daemon.syncs().some((line) => line.reason === "poll"), "a first poll");
    const before = daemon.syncs().length;
    await server.put(`${calendar}two.ics`, event("two", "added on the server"));
    await eventually(
      () => itemSummaries(ws.path("local/polled")).two === "added on the server",
      "a poll downloads the new item",
    );
    expect(
      daemon
        .syncs()
        .slice(before)
        .some((line) => line.reason === "poll"),
    ).toBe(true);
    expect(await daemon.stop()).toBe(0);
  });

  it("polls an unchanged calendar with one request for the home and one for the calendar", async () => {
    const calendar = await server.makeCalendar("cheap");
    await server.put(`${calendar}one.ics`, event("one", "v1"));
    ws.davPair({ type: "caldav", server, collections: '["cheap"]', serverExtra: "interval = 1" });
    // In process, to see every request: secrets then come from this process's environment.
    process.env.DAV_PASSWORD = server.password;
    const config = await openConfig({ configFile: ws.path("config.toml") });
    const requests: string[][] = [];
    const stop = new AbortController();
    const finished = daemon({
      config,
      signal: stop.signal,
      explain: (line) => requests.at(-1)?.push(line.replace(/ \(\d+ ms\)$/, "")),
      onEvent: (event) => {
        if (event.reason === "poll" && requests.length >= 3) stop.abort();
        else requests.push([]);
      },
    });
    requests.push([]);
    await finished;
    // The last entry holds the requests of the last poll: nothing changed since the one before.
    const home = server.calendarHomeUrl;
    expect(requests.at(-1)).toEqual([
      `server: PROPFIND ${home} -> 207`,
      `server: PROPFIND ${calendar} -> 207`,
    ]);
    expect(itemSummaries(ws.path("local/cheap"))).toEqual({ one: "v1" });
  });

  it(
    "backs off while the server is down and brings an edit made meanwhile once it is back",
    { timeout: 120_000 },
    async () => {
      const calendar = await server.makeCalendar("outage");
      await server.put(`${calendar}one.ics`, event("one", "v1"));
      ws.davPair({ type: "caldav", server, collections: '["outage"]', serverExtra: "interval = 1" });
      const daemon = (running = new Daemon(ws));
      await eventually(
        () => itemSummaries(ws.path("local/outage")).one === "v1",
        "the first sync downloads one",
      );

      await server.pause();
      const failed = () => daemon.syncs().filter((line) => line.retryInMs !== null);
      // Each failed sync spends a few seconds in the HTTP client's own retries first.
      await eventually(() => failed().length >= 3, "three syncs fail", 90_000);
      expect((await ws.run("status")).stdout).toMatch(
        /\n {2}daemon pid \d+ running since \S+, last sync \S+ \((poll|retry)\): error: .+, retrying at \S+\n/,
      );
      const [file] = readdirSync(ws.path("local/outage"));
      ws.write(`local/outage/${file}`, event("one", "edited while the server was down"));
      await server.resume();

      await eventually(
        async () =>
          (await server.get(`${calendar}one.ics`))?.body.includes("edited while the server") === true,
        "the edit reaches the server",
        60_000,
      );
      const delays = failed().map((line) => line.retryInMs as number);
      // The back-off starts at the storage's interval and doubles.
      expect(delays.slice(0, 3)).toEqual([1_000, 2_000, 4_000]);
      expect(failed().every((line) => line.error !== null)).toBe(true);
      // The server holds the edit before the sync that wrote it ends and logs its line.
      const recovered = () => {
        const syncs = daemon.syncs();
        return syncs
          .slice(syncs.findIndex((line) => line.retryInMs !== null))
          .find((line) => line.retryInMs === null);
      };
      await eventually(() => recovered() !== undefined, "the sync after the outage logs its line");
      expect(recovered()).toMatchObject({ reason: "retry", error: null });
      expect(await daemon.stop()).toBe(0);
    },
  );

  it(
    "exits 0 on SIGTERM in the middle of a large upload, leaving a status the next sync completes",
    { timeout: 120_000 },
    async () => {
      const count = 300;
      const calendar = await server.makeCalendar("many");
      for (let n = 0; n < count; n++) ws.write(`local/many/e${n}.ics`, event(`e${n}`, `event ${n}`));
      ws.davPair({ type: "caldav", server, collections: '["many"]' });
      const onServer = async () =>
        (await propfind(server, calendar, 1, ["{DAV:}getetag"])).filter((r) => r.href.endsWith(".ics"))
          .length;

      const daemon = (running = new Daemon(ws));
      await eventually(async () => (await onServer()) > 0, "the upload has begun");
      expect(await daemon.stop()).toBe(0);
      const uploaded = await onServer();
      // The test means something only if SIGTERM came in the middle of the sync.
      expect(uploaded).toBeLessThan(count);

      // Items the daemon uploaded are known to the status, or found equal and recorded: none
      // is uploaded a second time, none is lost.
      const next = await ws.run("sync");
      expect(next.code).toBe(0);
      expect(next.stdout).toBe(`p/many: created ${count - uploaded} in a\n`);
      expect(await onServer()).toBe(count);
      expect(ws.list("local/many")).toHaveLength(count);
      expect((await ws.run("sync", "--dry-run")).stdout).toBe("p/many: nothing to do\n");
    },
  );
});

describe("concord daemon on two file trees", () => {
  beforeEach(() => {
    ws.dispose();
    ws = new TreeWorkspace({ a: 'ignore = ["*.tmp"]' });
  });

  it("syncs an edit deep in the tree, ignores ignored files and settles after its own writes", async () => {
    ws.write("a/deep/er/notes.txt", "v1\n");
    const daemon = (running = new Daemon(ws));
    await eventually(() => existsSync(ws.path("b/deep/er/notes.txt")), "the first sync copies the tree");
    await eventually(() => daemon.syncs().length >= 1, "the first sync is logged");

    ws.write("a/deep/er/notes.txt", "v2\n");
    await eventually(() => ws.read("b/deep/er/notes.txt") === "v2\n", "the edit reaches b");
    await eventually(() => daemon.syncs().length >= 2, "the edit's sync is logged");
    ws.write("a/scratch.tmp", "ignored\n");
    ws.write("b/new/from-b.txt", "from b\n");
    await eventually(() => existsSync(ws.path("a/new/from-b.txt")), "a file made in b reaches a");
    await eventually(() => daemon.syncs().length >= 3, "that sync is logged");
    // Events during a sync cause one follow-up sync (they may hide an edit made meanwhile); after
    // that the daemon's own writes wake nothing: the count settles and stays.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const settled = daemon.syncs().length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(daemon.syncs()).toHaveLength(settled);
    // Three syncs that wrote (the first, the edit, the file from b), each with at most one follow-up.
    expect(settled).toBeLessThanOrEqual(3 * 2);
    expect(new Set(daemon.syncs().map((line) => line.reason))).toEqual(new Set(["start", "change"]));
    expect(existsSync(ws.path("b/scratch.tmp"))).toBe(false);
    expect(await daemon.stop()).toBe(0);
  });
});
