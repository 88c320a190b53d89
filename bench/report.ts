/**
 * The results as Markdown tables with the machine they were measured on, printed and kept in
 * docs/BENCHMARKS.md between markers, one pair per kind of item (events, contacts), so the page's
 * prose stays as written and a run of one kind leaves the other's table alone.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { format, resolveConfig } from "prettier";
import type { ServerKind } from "../test/support/servers/index.js";
import type { KindName } from "./kinds.js";
import { scenarioNames, type ServerRun } from "./scenarios.js";

export interface Result {
  readonly server: ServerKind;
  readonly kind: KindName;
  readonly n: number;
  readonly reps: number;
  readonly run: ServerRun;
}

const markers = (kind: KindName) => ({
  start: `<!-- bench:${kind}:start -->`,
  end: `<!-- bench:${kind}:end -->`,
});

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function table(results: readonly Result[]): string {
  const rows = [
    "| scenario | N | server | runs | concord | vdirsyncer | vdirsyncer / concord | server floor | concord CPU | concord peak RSS | vdirsyncer peak RSS |",
    "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { server, n, reps, run } of results) {
    const floor = `${median(run.floor).toFixed(2)} s`;
    for (const scenario of scenarioNames) {
      const of = (tool: string) => run.samples.filter((s) => s.scenario === scenario && s.tool === tool);
      const concord = of("concord");
      const vdirsyncer = of("vdirsyncer");
      if (concord.length === 0) continue;
      const seconds = (samples: typeof concord) => median(samples.map((s) => s.measurement.seconds));
      const rss = (samples: typeof concord) =>
        `${(Math.max(...samples.map((s) => s.measurement.rssKiB)) / 1024).toFixed(0)} MB`;
      const cpu = median(concord.map((s) => s.measurement.cpuSeconds));
      const ratio = seconds(vdirsyncer) / seconds(concord);
      rows.push(
        `| ${scenario} | ${n} | ${server} | ${reps} | ${seconds(concord).toFixed(2)} s | ${seconds(vdirsyncer).toFixed(2)} s | ${ratio.toFixed(1)}× | ${floor} | ${cpu.toFixed(2)} s | ${rss(concord)} | ${rss(vdirsyncer)} |`,
      );
    }
  }
  return rows.join("\n");
}

function output(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8" }).trimEnd();
  } catch {
    return "unknown";
  }
}

const version = (command: string, args: string[]) => output(command, args).split("\n")[0] as string;

export function machine(): string {
  return [
    `- CPUs (\`nproc\`): ${availableParallelism()}`,
    `- Node ${process.version}; ${version("vdirsyncer", ["--version"])}; Radicale ${version("radicale", ["--version"])}; Xandikos ${version("xandikos", ["--version"]).split(" ").at(-1)}`,
    "- `free -h`:",
    "",
    "```",
    output("free", ["-h"]),
    "```",
  ].join("\n");
}

export function block(results: readonly Result[], failures: readonly string[]): string {
  return [
    "Medians over the runs (wall time, and concord's CPU time, user + system); peak RSS is the largest of them.",
    "",
    table(results),
    ...(failures.length > 0 ? ["", "Failed:", "", ...failures.map((failure) => `- ${failure}`)] : []),
    "",
    machine(),
  ].join("\n");
}

/**
 * Replaces what lies between the markers of `kind`, or appends them when the page has none. The
 * page is formatted with the repository's Prettier settings, which the lint step checks.
 */
export async function writeInto(page: string, kind: KindName, content: string): Promise<void> {
  const { start, end } = markers(kind);
  const current = existsSync(page) ? readFileSync(page, "utf8") : "";
  const at = current.indexOf(start);
  const until = current.indexOf(end);
  const fresh = `${start}\n\n${content}\n\n${end}`;
  const next =
    at >= 0 && until > at
      ? current.slice(0, at) + fresh + current.slice(until + end.length)
      : `${current.trimEnd()}\n\n${fresh}\n`;
  const options = (await resolveConfig(page)) ?? {};
  writeFileSync(page, await format(next, { ...options, filepath: page }));
}
