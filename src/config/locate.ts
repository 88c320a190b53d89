/**
 * Which config file to read: the `-c FILE` argument, else `$CONCORD_CONFIG`, else
 * `$XDG_CONFIG_HOME/concord/config.toml`. Says how it chose, because a user who edits one file
 * while concord reads another needs to find out why.
 * @module
 */
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors/index.js";
import { fileErrorReason } from "./file-errors.js";
import { resolvePath, xdgBaseFolder } from "./paths.js";

export interface LocateOptions {
  /** The `-c FILE` argument, if given. */
  readonly argument?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The folder relative paths are taken from. Default: the working folder. */
  readonly cwd?: string;
}

export interface LocatedConfig {
  /** Absolute. */
  readonly file: string;
  /** How it was chosen, e.g. `given by $CONCORD_CONFIG`. */
  readonly chosenBy: string;
}

/**
 * The config file to use, chosen but not yet read.
 * @throws ConfigError when $CONCORD_CONFIG names a variable that is not set.
 */
export function chooseConfigFile(options: LocateOptions = {}): LocatedConfig {
  const { argument, env = process.env, cwd = process.cwd() } = options;
  if (argument !== undefined) return { file: resolve(cwd, argument), chosenBy: "given with -c" };
  const fromEnv = env.CONCORD_CONFIG;
  if (fromEnv !== undefined && fromEnv !== "") {
    // Set in a service file or a script, the variable may hold a `~` or `$VAR` no shell expanded.
    const chosenBy = "given by $CONCORD_CONFIG";
    const resolved = resolvePath(fromEnv, cwd, env);
    if (!resolved.ok) {
      throw new ConfigError(`${fromEnv}: cannot use this config file: ${resolved.reason} (${chosenBy})`, {
        file: fromEnv,
      });
    }
    return { file: resolved.path, chosenBy };
  }
  return {
    file: join(xdgBaseFolder("XDG_CONFIG_HOME", env), "concord", "config.toml"),
    chosenBy: "the default location, as neither -c nor $CONCORD_CONFIG is set",
  };
}

/**
 * The config file to use, checked to be an existing file.
 * @throws ConfigError saying which file was looked for and how it was chosen.
 */
export async function locateConfig(options: LocateOptions = {}): Promise<LocatedConfig> {
  const located = chooseConfigFile(options);
  const fail = (reason: string) =>
    new ConfigError(`${located.file}: cannot use this config file: ${reason} (${located.chosenBy})`, {
      file: located.file,
    });
  try {
    if ((await stat(located.file)).isDirectory()) throw fail("it is a folder, not a file");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw fail(fileErrorReason(error));
  }
  return located;
}
