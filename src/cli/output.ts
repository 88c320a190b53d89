/**
 * Where the CLI writes: results to stdout, progress and explanations to stderr. Progress shows
 * only on a terminal, so scripts and cron stay quiet; `-v` explains every decision. A stream
 * whose reader went away (`concord status | head -1`) is written no more.
 * @module
 */
export interface OutputOptions {
  readonly verbose: boolean;
  readonly json: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
}

export class Output {
  readonly verbose: boolean;
  readonly json: boolean;
  private readonly stdout: NodeJS.WriteStream;
  private readonly stderr: NodeJS.WriteStream;
  private progressShown = false;

  constructor(options: OutputOptions) {
    this.verbose = options.verbose;
    this.json = options.json;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** A person is watching: progress lines and friendly summaries are worth printing. */
  get interactive(): boolean {
    return this.stderr.isTTY === true && !this.json;
  }

  /** A line of the command's result. */
  line(text = ""): void {
    this.clearProgress();
    write(this.stdout, `${text}\n`);
  }

  /** A problem, always shown. */
  problem(text: string): void {
    this.clearProgress();
    write(this.stderr, `${text}\n`);
  }

  /** An explanation shown with -v. */
  explain(text: string): void {
    if (!this.verbose) return;
    this.clearProgress();
    write(this.stderr, `${text}\n`);
  }

  /** One updating line on a terminal; nothing elsewhere. */
  progress(text: string): void {
    if (!this.interactive || this.verbose) return;
    write(this.stderr, `\r\x1b[2K${text}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    write(this.stderr, "\r\x1b[2K");
    this.progressShown = false;
  }

  printJson(value: unknown): void {
    write(this.stdout, `${JSON.stringify(value, jsonReplacer, 2)}\n`);
  }
}

/** Streams a write to failed: their reader went away, and nothing more is written to them. */
const failed = new WeakSet<NodeJS.WriteStream>();

/**
 * Calls `onClosed` when a write to stdout or stderr fails, as it does when the reader went away
 * (EPIPE). The failure arrives as an 'error' event after the write; unhandled, it would end the
 * process with a stack trace, possibly between two writes to a storage. The listeners stay for
 * the life of the process, since the event can follow the command's last write.
 */
export function watchOutput(
  onClosed: () => void,
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on("error", () => {
      failed.add(stream);
      onClosed();
    });
  }
}

/** Resolves once everything written so far has reached stdout's and stderr's readers, or failed to. */
export async function flushOutput(
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): Promise<void> {
  await Promise.all(
    streams.map(
      (stream) =>
        new Promise<void>((resolve) => (failed.has(stream) ? resolve() : write(stream, "", resolve))),
    ),
  );
}

/** Whether a write to stdout or stderr failed. */
export const outputFailed = (
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): boolean => streams.some((stream) => failed.has(stream));

/** Writes unless an earlier write failed: the reader is gone and nothing more can reach it. */
function write(stream: NodeJS.WriteStream, text: string, written?: () => void): void {
  if (failed.has(stream)) return;
  stream.write(text, (error) => {
    if (error) failed.add(stream);
    written?.();
  });
}

/** Errors become their `toJSON()`; Uint8Array contents are never dumped; Maps become objects. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Error && !("toJSON" in value)) return { message: value.message };
  return value;
}
