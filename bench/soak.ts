/**
 * Runs the daemon in this process for many sync cycles and checks that its memory stays flat and
 * that it uses no CPU while nothing changes; see "Daemon soak" in docs/BENCHMARKS.md.
 *
 *   npm run soak -- [--cycles 1000] [--pair vdir|radicale]
 *
 * A cycle edits one event in vdir `a` and waits for the daemon's sync that writes the edit to
 * the other side (vdir `b`, or a Radicale calendar); the run ends by checking that the other side
 * holds the last edit. Nothing else runs in the process meanwhile. Every tenth of the run, after a forced GC
 * (node --expose-gc), heapUsed and RSS are sampled; the run fails (exit 1) when the mean of the
 * last third of the samples exceeds the mean of the first third by more than the tolerance.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type * as Concord from "../src/index.js";
import type { SyncEvent } from "../src/index.js";
import { type DavServer, startServer } from "../test/support/servers/index.js";

// The built package, as users get it (npm run soak builds it). Compiled into dist/bench, the
// sources would look for package.json in the wrong folder.
const { daemon, openConfig } = (await import(
  new URL("../../index.js", import.meta.url).href
)) as typeof Concord;

/**
 * Growth allowed between the first and the last third. A leak of one kilobyte per cycle adds
 * about 0.7 MB between them over 1,000 cycles (one put in on purpose showed +0.8 MB), above the
 * heap figure. RSS is looser because the allocator keeps pages it freed; it still catches what
 * the heap does not see, such as a database or watcher left open by every sync.
 */
const tolerance = { heapBytes: 512 * 1024, rssBytes: 8 * 1024 * 1024 };
/**
 * How long the daemon is watched doing nothing, and the CPU time it may spend meanwhile. The
 * watch begins after a pause, in which the last sync ends and V8's memory reducer runs its one
 * full GC (some 60 ms, about 8 s after the allocations stopped): a cost paid once, not a timer.
 */
const idle = { settleMs: 15_000, ms: 10_000, cpuMs: 20 };
/**
 * Cycles run before the counted ones: memory grows while V8 compiles and optimises the sync
 * path and the allocator settles, then stays flat (4,000 cycles show the same plateau).
 */
const warmup = 500;
/** A cycle that takes longer than this means the daemon stopped following edits. */
const cycleTimeoutMs = 30_000;

const { values } = parseArgs({
  options: {
    cycles: { type: "string", default: "1000" },
    pair: { type: "string", default: "vdir" },
  },
});
const cycles = Number(values.cycles);
if (!Number.isInteger(cycles) || cycles < 30 || cycles % 10 !== 0)
  throw new Error("--cycles takes a whole number of at least 30, divisible by 10");
if (values.pair !== "vdir" && values.pair !== "radicale") throw new Error("--pair takes vdir or radicale");
const exposedGc = (globalThis as { gc?: () => void }).gc;
if (exposedGc === undefined) throw new Error("run with node --expose-gc (npm run soak does)");
const collect: () => void = exposedGc;

interface Sample {
  readonly cycle: number;
  readonly heapUsed: number;
  readonly rss: number;
}

async function soak(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "concord-soak-"));
  const server = values.pair === "radicale" ? await startServer("radicale") : undefined;
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  try {
    const calendar = server && (await server.makeCalendar("soak"));
    writeFileSync(join(folder, "config.toml"), configText(folder, server));
    mkdirSync(join(folder, "a", "soak"), { recursive: true });
    const item = join(folder, "a", "soak", "soak.ics");
    writeFileSync(item, eventText(-warmup));

    const config = await openConfig({ configFile: join(folder, "config.toml") });
    const events = new SyncWaiter();
    running = daemon({
      config,
      signal: stop.signal,
      onEvent: (event) => events.push(event),
      // Short bursts, so a cycle takes milliseconds rather than the default half second of quiet;
      // what a sync keeps in memory does not depend on it.
      debounce: { quietMs: 20, maxMs: 200 },
    });
    await events.writes(1);

    const samples: Sample[] = [];
    const started = performance.now();
    for (let cycle = 1 - warmup; cycle <= cycles; cycle++) {
      writeFileSync(item, eventText(cycle));
      await events.writes(cycle + warmup + 1);
      if (cycle > 0 && cycle % (cycles / 10) === 0) {
        collect();
        const { heapUsed, rss } = process.memoryUsage();
        samples.push({ cycle, heapUsed, rss });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const last = server
      ? (await server.get(`${calendar}soak.ics`))?.body
      : readFileSync(join(folder, "b", "soak", "soak.ics"), "utf8");
    if (!last?.includes(`SUMMARY:cycle ${cycles}\r\n`))
      throw new Error("the last edit is not on the other side");

    await sleep(idle.settleMs);
    const before = process.cpuUsage();
    await sleep(idle.ms);
    const spent = process.cpuUsage(before);
    const idleCpuMs = (spent.user + spent.system) / 1000;

    const growth = {
      heap: thirdsGrowth(samples, (sample) => sample.heapUsed),
      rss: thirdsGrowth(samples, (sample) => sample.rss),
    };
    console.log(table(samples));
    console.log(
      `\n${cycles} cycles after ${warmup} to warm up (${values.pair} pair) in ${seconds.toFixed(1)} s, ` +
        `${events.count} syncs; ` +
        `first to last third: heapUsed ${signedMB(growth.heap)} (tolerance ${mb(tolerance.heapBytes)}), ` +
        `RSS ${signedMB(growth.rss)} (tolerance ${mb(tolerance.rssBytes)}); ` +
        `idle CPU ${idleCpuMs.toFixed(1)} ms in ${idle.ms / 1000} s (tolerance ${idle.cpuMs} ms)`,
    );
    const failures = [
      ...(growth.heap > tolerance.heapBytes ? ["heapUsed grows"] : []),
      ...(growth.rss > tolerance.rssBytes ? ["RSS grows"] : []),
      ...(idleCpuMs > idle.cpuMs ? ["the idle daemon uses CPU"] : []),
    ];
    if (failures.length > 0) {
      console.error(`FAILED: ${failures.join(", ")}`);
      process.exitCode = 1;
    }
  } finally {
    stop.abort();
    await running;
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Counts the daemon's syncs, and those that wrote something, for a caller waiting on them. */
class SyncWaiter {
  count = 0;
  #writing = 0;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  push(event: SyncEvent): void {
    this.count++;
    const { report } = event;
    const failed = report.error ?? report.collections.find((collection) => collection.error)?.error;
    if (failed) this.#failure ??= new Error(`a soak sync failed: ${failed.message}`);
    const wrote = report.collections.some((collection) =>
      collection.applied.some((action) => ["create", "update", "delete"].includes(action.kind)),
    );
    if (wrote) this.#writing++;
    this.#wake?.();
  }

  /** Resolves once `n` syncs have written something since the start. */
  async writes(n: number): Promise<void> {
    const deadline = performance.now() + cycleTimeoutMs;
    while (this.#writing < n) {
      if (this.#failure) throw this.#failure;
      const left = Math.max(0, deadline - performance.now());
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!woken) throw new Error(`no sync wrote the edit within ${cycleTimeoutMs / 1000} s`);
    }
  }
}

function configText(root: string, dav: DavServer | undefined): string {
  const vdir = (name: string) =>
    `[storage.${name}]\ntype = "vdir"\npath = "${join(root, name)}"\nfileext = ".ics"\n`;
  const other = dav
    ? `[storage.b]\ntype = "caldav"\nurl = "${dav.url}"\nusername = "${dav.username}"\npassword = "${dav.password}"\n`
    : vdir("b");
  return [
    `[general]\nstatus_path = "${join(root, "status")}"\n`,
    vdir("a"),
    other,
    `[pair.soak]\na = "a"\nb = "b"\ncollections = ["soak"]\n`,
  ].join("\n");
}

const eventText = (n: number): string =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//concord soak//EN\r\nBEGIN:VEVENT\r\nUID:soak\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T100000Z\r\nSUMMARY:cycle ${n}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

/** Mean of the last third minus mean of the first third. */
function thirdsGrowth(samples: readonly Sample[], value: (sample: Sample) => number): number {
  const third = Math.floor(samples.length / 3);
  const mean = (part: readonly Sample[]) =>
    part.reduce((sum, sample) => sum + value(sample), 0) / part.length;
  return mean(samples.slice(-third)) - mean(samples.slice(0, third));
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const signedMB = (bytes: number): string => `${bytes >= 0 ? "+" : "-"}${mb(Math.abs(bytes))}`;

function table(samples: readonly Sample[]): string {
  const rows = samples.map(({ cycle, heapUsed, rss }) => `| ${cycle} | ${mb(heapUsed)} | ${mb(rss)} |`);
  return ["| cycle | heapUsed | RSS |", "| ---: | ---: | ---: |", ...rows].join("\n");
}

await soak();
