/**
 * What a command gets besides its config and arguments.
 * @module
 */
import type { Output } from "./output.js";
import type { Stop } from "./stop.js";

export interface CommandContext {
  readonly out: Output;
  /** Aborts when the command should end early: Ctrl-C, SIGTERM, its output's reader gone. */
  readonly stop: Stop;
}
