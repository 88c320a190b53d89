/**
 * Runs the real `bin/concord` in a child process, the way a user or a script would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const launcher = fileURLToPath(new URL("../../bin/concord", import.meta.url));

export interface RunResult {
  /** The exit code; null when a signal ended the process. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** What arrives on stdin, through a pipe; `null` connects stdin to /dev/null. */
  readonly input?: string | null;
  /** A command that runs concord, such as `["/usr/bin/time", "-f", "%M"]`. */
  readonly wrapper?: readonly string[];
}

export function concord(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return startConcord(args, options).done;
}

/** Starts concord and leaves the child to the caller (to signal it, say); `done` settles when it exits. */
export function startConcord(
  args: readonly string[],
  options: RunOptions = {},
): { child: ChildProcess; done: Promise<RunResult> } {
  return start([...(options.wrapper ?? []), process.execPath, launcher, ...args], options);
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
  return start(["bash", "-c", script, "concord", process.execPath, launcher, ...args], options).done;
}

/** The command line that runs concord, quoted for a shell (for `script -c`). */
export function concordCommandLine(args: readonly string[]): string {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  return [process.execPath, launcher, ...args].map(quote).join(" ");
}

/**
 * Runs concord on a pseudo-terminal (`script`); `type` is what the user types once the output
 * so far matches `prompt`. Returns everything the terminal showed, as `stdout`.
 */
export function concordOnTerminal(args: readonly string[], type: string, prompt: RegExp): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", concordCommandLine(args), "/dev/null"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let shown = "";
    let typed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      shown += chunk.toString();
      if (!typed && prompt.test(shown)) {
        typed = true;
        child.stdin.write(type);
      }
    });
    child.on("error", reject);
    // stdin stays open until concord ends: its end would hang up the terminal.
    child.on("close", (code) => resolve({ code, stdout: shown, stderr: "" }));
  });
}

function start(
  commandLine: readonly string[],
  options: RunOptions,
): { child: ChildProcess; done: Promise<RunResult> } {
  const [command, ...args] = commandLine;
  const child = spawn(command as string, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: [options.input === null ? "ignore" : "pipe", "pipe", "pipe"],
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
