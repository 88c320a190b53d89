/**
 * A server process owned by the test run: its recent stderr is kept for error messages, and whatever
 * happens to the test, neither it nor the workers it forks outlive the Node process that started it.
 */
import { spawn, type ChildProcess } from "node:child_process";

/** Enough to show a Python traceback without letting a chatty access log grow without bound. */
const keptOutput = 16_384;

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/**
 * Each process leads a process group of its own, so a signal reaches the workers it forked too
 * (Apache's, sogod's, Cyrus's services), even those that changed user.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ProcessOptions {
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Runs as this uid and gid (the tests run as root; PostgreSQL refuses to). */
  readonly user?: { readonly uid: number; readonly gid: number };
  readonly cwd?: string;
  /** What asks the server to shut down: PostgreSQL takes SIGTERM as "once every client has left". */
  readonly stopSignal?: NodeJS.Signals;
}

export class ServerProcess {
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly stopSignal: NodeJS.Signals;
  private stderr = "";

  constructor(command: string, args: readonly string[], options: ProcessOptions = {}) {
    this.child = spawn(command, args, {
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      uid: options.user?.uid,
      gid: options.user?.gid,
    });
    this.stopSignal = options.stopSignal ?? "SIGTERM";
    running.add(this.child);
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-keptOutput);
    });
    this.exited = new Promise((resolve) => {
      this.child.on("error", (error) => {
        this.stderr += String(error);
        // Only a process that never started (say, a missing executable) ends here rather than in "exit".
        if (this.child.pid !== undefined) return;
        running.delete(this.child);
        resolve({ code: null, signal: null });
      });
      this.child.once("exit", (code, signal) => {
        running.delete(this.child);
        // Workers that outlived their parent (sogod's ignore SIGTERM when idle) go with it.
        killGroup(this.child, "SIGKILL");
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get output(): string {
    return this.stderr;
  }

  /** The stop signal lets the server finish writing its storage; SIGKILL after `graceMs` guarantees an end. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!running.has(this.child)) return;
    this.child.kill(this.stopSignal);
    const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
