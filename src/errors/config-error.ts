import { ConcordError } from "./concord-error.js";

/** The configuration is unusable; the message names the file, the key and what was expected. */
export class ConfigError extends ConcordError<{ file?: string; key?: string }> {
  readonly code = "ConfigError";
  readonly disposition = "fatal";
  override readonly name = "ConfigError";
}
