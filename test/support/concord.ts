/**
 * Runs the real `bin/concord` in a child process, the way a user or a script would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const launcher = fileURLToPath(new URL("../../bin/concord", import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** What arrives on stdin, through a pipe; `null` connects stdin to /dev/null. */
  readonly input?: string | null;
}

export function concord(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return collect(process.execPath, [launcher, ...args], options);
}

/** Starts concord and leaves the child to the caller (to signal it, say); stdin is /dev/null. */
export function spawnConcord(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  return spawn(process.execPath, [launcher, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Runs concord in bash with its output going into `pipeline` (such as `| head -1`, or
 * `2>&1 | head -1`): a real pipe, whose reader may go away early. `stdout` is what the pipeline
 * printed; `code` is concord's exit code.
 */
export function concordPiped(
  args: readonly string[],
  pipeline: string,
  options: RunOptions = {},
): Promise<RunResult> {
  const script = `"$@" ${pipeline}; exit "\${PIPESTATUS[0]}"`;
  return collect("bash", ["-c", script, "concord", process.execPath, launcher, ...args], options);
}

/** The command line that runs concord, quoted for a shell (for `script -c`). */
export function concordCommandLine(args: readonly string[]): string {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  return [process.execPath, launcher, ...args].map(quote).join(" ");
}

function collect(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      stdio: [options.input === null ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(options.input ?? "");
  });
}
