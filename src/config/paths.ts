/**
 * `~` and `$VAR` / `${VAR}` expansion for paths in the config, as a shell would do it.
 * @module
 */
import { homedir } from "node:os";
import { resolve } from "node:path";

/** Expands `~` at the start and environment variables anywhere; unknown variables become "". */
export function expandPath(value: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME ?? homedir();
  const withHome = value === "~" ? home : value.startsWith("~/") ? home + value.slice(1) : value;
  return withHome.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, bare) => {
    return env[(braced ?? bare) as string] ?? "";
  });
}

/** Expands and makes absolute, relative to `base` (the config file's folder). */
export function resolvePath(value: string, base: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(base, expandPath(value, env));
}
