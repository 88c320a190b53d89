/**
 * The exit codes, one rule for every command: 0 when nothing is left to do, 1 when something
 * is (an item or pair failed, a conflict remains, a plan was declined), 2 when the command was
 * asked something it cannot do (a config mistake, an unknown pair or collection, questions with
 * nobody to answer them), and 128 + the signal's number when a signal (or its equivalent, a
 * reader gone from the pipe) ended it early, as a shell reports a process the signal killed.
 * `exitCodesHelp` says it in `--help`; the README's table says the same, word for word
 * (`test/e2e/exit-codes.test.ts` compares them).
 * @module
 */
import { Help } from "commander";

export const ExitCode = {
  ok: 0,
  incomplete: 1,
  usage: 2,
  /** Ctrl-C: SIGINT is signal 2. */
  interrupted: 130,
  /** The reader of stdout or stderr went away: SIGPIPE is signal 13. */
  outputClosed: 141,
  /** SIGTERM is signal 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Code and meaning, for `--help` and the README. */
export const exitCodeMeanings: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.ok, "nothing is left to do: all in agreement (with --dry-run: would be, after the sync)"],
  [
    ExitCode.incomplete,
    "something is left: a failure, a conflict (with --dry-run: one the sync would leave), a declined plan",
  ],
  [
    ExitCode.usage,
    "usage or config error, an unknown pair or collection, or questions and no one to answer them",
  ],
  [ExitCode.interrupted, "stopped by Ctrl-C (SIGINT); sync and resolve first finish the items in flight"],
  [ExitCode.outputClosed, "stopped because the program reading its output went away (such as head)"],
  [ExitCode.terminated, "stopped by SIGTERM; sync and resolve first finish the items in flight"],
];

const help = new Help();

/** The list as commander lays out the rest of `--help`, wrapped at 80 columns. */
export const exitCodesHelp = `Exit codes (the daemon ends with 0 when stopped by SIGTERM or Ctrl-C):
${exitCodeMeanings.map(([code, meaning]) => help.formatItem(String(code), 3, meaning, help)).join("\n")}`;
