/**
 * Why a command ends before its work is done, and the exit code it ends with then. Ctrl-C,
 * SIGTERM and a reader gone from the output each abort `signal`, once: a sync finishes the items
 * in flight, records them and stops; `resolve` stops before the next conflict.
 * @module
 */
import { ExitCode } from "./exit-code.js";

export type StopReason = "interrupted" | "terminated" | "outputClosed";

const reasonOf = { SIGINT: "interrupted", SIGTERM: "terminated" } as const;

export class Stop {
  readonly #controller = new AbortController();
  #reason: StopReason | undefined;
  #announce: (() => void) | undefined;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The exit code the stop calls for; undefined while nothing stopped the command. */
  get exitCode(): ExitCode | undefined {
    return this.#reason && ExitCode[this.#reason];
  }

  stop(reason: StopReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller.abort();
  }

  /**
   * Until the returned function is called, the first SIGINT or SIGTERM stops the command
   * (`announce` tells the user how to abort at once) and a second one exits at once.
   */
  onSignals(announce: () => void): () => void {
    this.#announce = announce;
    const handlers = (Object.keys(reasonOf) as (keyof typeof reasonOf)[]).map((signal) => {
      const handler = () => this.#signalled(reasonOf[signal]);
      process.on(signal, handler);
      return () => process.removeListener(signal, handler);
    });
    return () => {
      this.#announce = undefined;
      handlers.forEach((remove) => remove());
    };
  }

  /** Ctrl-C typed at a question, where the terminal is in raw mode and sends no signal. */
  interrupt(): void {
    this.#signalled("interrupted");
  }

  #signalled(reason: StopReason): void {
    if (this.#reason !== undefined) process.exit(ExitCode[reason]);
    this.stop(reason);
    this.#announce?.();
  }
}
