/**
 * The exit codes, documented in `--help` and the README:
 * 0: everything synchronised; 1: some items failed or conflicts remain (or a pair could not be
 * synchronised); 2: usage or config error.
 * @module
 */
export const ExitCode = { ok: 0, incomplete: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodesHelp = `Exit codes:
  0  everything is in agreement
  1  some items failed, conflicts remain, or a pair could not be synchronised
  2  usage or configuration error`;
