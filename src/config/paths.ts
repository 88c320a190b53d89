/**
 * `~` and `$VAR` / `${VAR}` expansion for paths in the config, as a shell would do it, and the
 * XDG base folders that hold the default config and data locations.
 * @module
 */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** `$HOME`, or the account's home folder when it is unset. */
const homeFolder = (env: NodeJS.ProcessEnv = process.env): string => env.HOME ?? homedir();

/** Expands `~` at the start and environment variables anywhere; unknown variables become "". */
export function expandPath(value: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = homeFolder(env);
  const withHome = value === "~" ? home : value.startsWith("~/") ? home + value.slice(1) : value;
  return withHome.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_, braced, bare) => {
      return env[(braced ?? bare) as string] ?? "";
    },
  );
}

/** Expands and makes absolute, relative to `base` (the config file's folder). */
export function resolvePath(value: string, base: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(base, expandPath(value, env));
}

const xdgDefaults = { XDG_CONFIG_HOME: ".config", XDG_DATA_HOME: ".local/share" } as const;

/**
 * An XDG base folder: the variable's value, or its default under the home folder when it is
 * unset, empty or relative (the XDG spec says relative values are to be ignored).
 */
export function xdgBaseFolder(
  variable: keyof typeof xdgDefaults,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const value = env[variable];
  return value !== undefined && isAbsolute(value) ? value : join(homeFolder(env), xdgDefaults[variable]);
}
