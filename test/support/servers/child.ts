/**
 * A server process owned by the test run: its recent stderr is kept for error messages, and whatever
 * happens to the test, it does not outlive the Node process that started it.
 */
import { spawn, type ChildProcess } from "node:child_process";

/** Enough to show a Python traceback without letting a chatty access log grow without bound. */
const keptOutput = 16_384;

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ServerProcess {
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private stderr = "";

  constructor(command: string, args: readonly string[]) {
    this.child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
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

  /** SIGTERM lets the server finish writing its storage; SIGKILL after `graceMs` guarantees an end. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!running.has(this.child)) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
