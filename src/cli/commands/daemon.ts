/**
 * `concord daemon [PAIR[/COLLECTION]...]`: runs the daemon, logging one line per sync to stderr,
 * until SIGTERM or SIGINT; SIGHUP reloads the config.
 * @module
 */
import { InvalidArgumentError } from "commander";
import { daemon, type SyncEvent } from "../../api/daemon.js";
import { openConfig } from "../../api/open.js";
import type { Config } from "../../config/index.js";
import { signalReady } from "../../daemon/readiness.js";
import { summariseReport } from "../describe-action.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";

export interface DaemonFlags {
  /** Seconds between polls of remote storages, overriding their `interval` keys. */
  readonly interval?: number;
  readonly readyFd?: number;
  readonly logFormat: "text" | "json";
}

export async function runDaemon(
  config: Config,
  targets: string[],
  flags: DaemonFlags,
  out: Output,
): Promise<ExitCode> {
  const stopping = new AbortController();
  let generation = new AbortController();
  const stop = () => {
    stopping.abort();
    generation.abort();
  };
  let reloading = Promise.resolve();
  const reload = () => {
    reloading = reloading.then(async () => {
      try {
        const next = await openConfig({ configFile: config.file });
        config = next;
        generation.abort();
      } catch (error) {
        // A broken edit keeps the daemon on the config it has.
        out.problem(`${stamp()} cannot reload ${config.file}: ${(error as Error).message}`);
      }
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("SIGHUP", reload);
  try {
    signalReady(flags.readyFd);
    while (!stopping.signal.aborted) {
      generation = new AbortController();
      await daemon({
        config,
        targets,
        signal: generation.signal,
        pollIntervalMs: flags.interval === undefined ? undefined : flags.interval * 1000,
        onEvent: (event) =>
          process.stderr.write(`${flags.logFormat === "json" ? jsonLine(event) : textLine(event)}\n`),
      });
    }
    return ExitCode.ok;
  } finally {
    process.removeListener("SIGTERM", stop);
    process.removeListener("SIGINT", stop);
    process.removeListener("SIGHUP", reload);
  }
}

/** Parses `--ready-fd`. */
export function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError("expected a whole number");
  return number;
}

/** Parses `--interval`: a poll every 0 s would sync the polled pairs back to back, forever. */
export function positiveWholeNumber(value: string): number {
  const number = wholeNumber(value);
  if (number === 0) throw new InvalidArgumentError("expected at least 1");
  return number;
}

/** `<time> <pair>[/<collection>]: <summary> (<ms> ms)`. */
function textLine(event: SyncEvent): string {
  const retry = event.retryInMs === undefined ? "" : `; retrying in ${Math.round(event.retryInMs / 1000)} s`;
  return `${stamp()} ${target(event)}: ${summary(event)}${retry} (${event.durationMs} ms)`;
}

function jsonLine(event: SyncEvent): string {
  const { report } = event;
  return JSON.stringify({
    time: stamp(),
    event: event.kind,
    pair: event.pair,
    collections: event.collections ?? null,
    reason: event.reason,
    summary: summary(event),
    error: report.error?.message ?? null,
    failedCollections: report.collections.filter((c) => c.error).map((c) => c.name),
    retryInMs: event.retryInMs ?? null,
    durationMs: event.durationMs,
  });
}

const stamp = (): string => new Date().toISOString();

const target = (event: SyncEvent): string =>
  event.collections?.length === 1 ? `${event.pair}/${event.collections[0]}` : event.pair;

/** What the sync did, per collection when it covered several. */
function summary(event: SyncEvent): string {
  const { report } = event;
  if (report.error) return `error: ${report.error.message}`;
  const single = event.collections?.length === 1;
  const parts = report.collections.map((collection) => {
    const what = collection.error
      ? `error: ${collection.error.message}`
      : (summariseReport(collection) ?? "in agreement");
    return single ? what : `${collection.name}: ${what}`;
  });
  return parts.length > 0 ? parts.join("; ") : "no collections";
}
