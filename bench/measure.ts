/**
 * Runs one command and measures it from the outside, the same way for every tool: wall time
 * around the child process, peak RSS and CPU time (user + system) as GNU time reports them.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Measurement {
  readonly seconds: number;
  readonly rssKiB: number;
  /** User plus system CPU seconds of the process. */
  readonly cpuSeconds: number;
}

const timeBinary = "/usr/bin/time";

/** The built command line, as `npm run bench` builds it (the harness runs from dist/bench/bench/). */
export const concordLauncher = fileURLToPath(new URL("../../../bin/concord", import.meta.url));

export async function measure(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Measurement> {
  const folder = mkdtempSync(join(tmpdir(), "concord-bench-time-"));
  const report = join(folder, "rss");
  try {
    const started = process.hrtime.bigint();
    const { code, output } = await run(timeBinary, ["-f", "%M %U %S", "-o", report, command, ...args], env);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`);
    const [rssKiB, user, system] = (readFileSync(report, "utf8").trim().split("\n").at(-1) ?? "")
      .split(" ")
      .map(Number);
    return { seconds, rssKiB: rssKiB ?? NaN, cpuSeconds: (user ?? NaN) + (system ?? NaN) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** stdin is closed: a tool that would prompt fails instead of waiting. */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
