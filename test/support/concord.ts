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
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** A command that runs concord, such as `["/usr/bin/time", "-f", "%M"]`. */
  wrapper?: readonly string[];
}

/** Starts concord; `done` settles when it exits (`code` null when a signal ended it). */
export function startConcord(
  args: readonly string[],
  options: RunOptions = {},
): { child: ChildProcess; done: Promise<RunResult> } {
  const [command, ...commandArgs] = [...(options.wrapper ?? []), process.execPath, launcher, ...args];
  const child = spawn(command as string, commandArgs, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const done = new Promise<RunResult>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  child.stdin?.end(options.input ?? "");
  return { child, done };
}

export function concord(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return startConcord(args, options).done;
}
