/**
 * `concord daemon [PAIR[/COLLECTION]...]`: runs the daemon until SIGTERM or SIGINT; SIGHUP
 * reloads the config. Its log is stderr, in either format: one line per sync and per failed
 * reload; stdout stays empty.
 * @module
 */
import { InvalidArgumentError } from "commander";
import { daemon, type SyncEvent } from "../../api/daemon.js";
import { openConfig } from "../../api/open.js";
import type { Config } from "../../config/index.js";
import { signalReady } from "../../daemon/readiness.js";
import { summariseReport } from "../describe-action.js";
import type { CommandContext } from "../context.js";
import { ExitCode } from "../exit-code.js";

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
  { out, stop: stopCommand }: CommandContext,
): Promise<ExitCode> {
  const json = flags.logFormat === "json";
  const log = (entry: { text: string; json: Record<string, unknown> }) =>
    out.problem(json ? JSON.stringify({ time: stamp(), ...entry.json }) : `${stamp()} ${entry.text}`);
  const stopping = new AbortController();
  let generation = new AbortController();
  // SIGTERM and SIGINT are the daemon's normal end (exit 0); a closed log stream ends it too,
  // and `stopCommand` gives that its exit code.
  const stop = () => {
    stopping.abort();
    generation.abort();
  };
  stopCommand.signal.addEventListener("abort", stop, { once: true });
  let reloading = Promise.resolve();
  const reload = () => {
    reloading = reloading.then(async () => {
      try {
        const next = await openConfig({ configFile: config.file });
        config = next;
        generation.abort();
      } catch (error) {
        // A broken edit keeps the daemon on the config it has.
        const message = (error as Error).message;
        log({
          text: `cannot reload ${config.file}: ${message}`,
          json: { event: "reload-failed", file: config.file, error: message },
        });
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
        onEvent: (event) => log({ text: textLine(event), json: jsonFields(event) }),
      });
    }
    return ExitCode.ok;
  } finally {
    stopCommand.signal.removeEventListener("abort", stop);
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

/** `<pair>[/<collection>]: <summary> (<ms> ms)`, after the time. */
function textLine(event: SyncEvent): string {
  const retry = event.retryInMs === undefined ? "" : `; retrying in ${Math.round(event.retryInMs / 1000)} s`;
  return `${target(event)}: ${summary(event)}${retry} (${event.durationMs} ms)`;
}

function jsonFields(event: SyncEvent): Record<string, unknown> {
  const { report } = event;
  return {
    event: event.kind,
    pair: event.pair,
    collections: event.collections ?? null,
    reason: event.reason,
    summary: summary(event),
    error: report.error?.message ?? null,
    failedCollections: report.collections.filter((c) => c.error).map((c) => c.name),
    retryInMs: event.retryInMs ?? null,
    durationMs: event.durationMs,
  };
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
