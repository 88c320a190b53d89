/**
 * Where the CLI writes: results to stdout, progress and explanations to stderr. Progress shows
 * only on a terminal, so scripts and cron stay quiet; `-v` explains every decision.
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
    this.stdout.write(`${text}\n`);
  }

  /** A problem, always shown. */
  problem(text: string): void {
    this.clearProgress();
    this.stderr.write(`${text}\n`);
  }

  /** An explanation shown with -v. */
  explain(text: string): void {
    if (!this.verbose) return;
    this.clearProgress();
    this.stderr.write(`${text}\n`);
  }

  /** One updating line on a terminal; nothing elsewhere. */
  progress(text: string): void {
    if (!this.interactive || this.verbose) return;
    this.stderr.write(`\r\x1b[2K${text}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write("\r\x1b[2K");
    this.progressShown = false;
  }

  printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
  }
}

/** Errors become their `toJSON()`; Uint8Array contents are never dumped; Maps become objects. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Error && !("toJSON" in value)) return { message: value.message };
  return value;
}
