/**
 * `~` and `$VAR` / `${VAR}` expansion for paths in the config, as a shell would do it except
 * that a variable that is unset or empty is an error, and the XDG base folders that hold the
 * default config and data locations.
 * @module
 */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { KeyPath, Problem } from "./problem.js";
import { describeValue } from "./wording.js";

/** `$HOME`, or the account's home folder when it is unset. */
const homeFolder = (env: NodeJS.ProcessEnv = process.env): string => env.HOME ?? homedir();

const variable = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * A path with its variables expanded, or why it cannot be: a shell would put nothing in place
 * of an unset or empty variable, and `$STATE/concord` would become `/concord`.
 */
export type Expansion =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** The variables `value` names, each once, in order. */
const variablesIn = (value: string): string[] => [
  ...new Set([...value.matchAll(variable)].map(([, braced, bare]) => (braced ?? bare) as string)),
];

/** Expands `~` at the start and environment variables anywhere, unless one of them is unset or empty. */
export function expandPath(value: string, env: NodeJS.ProcessEnv = process.env): Expansion {
  const lacking = variablesIn(value).flatMap((name) => {
    const set = env[name];
    if (set === undefined) return [`$${name} is not set`];
    return set === "" ? [`$${name} is empty`] : [];
  });
  if (lacking.length > 0) return { ok: false, reason: lacking.join(", ") };
  const home = homeFolder(env);
  const withHome = value === "~" ? home : value.startsWith("~/") ? home + value.slice(1) : value;
  const path = withHome.replace(variable, (_, braced, bare) => env[(braced ?? bare) as string] as string);
  return { ok: true, path };
}

/** Expands and makes absolute, relative to `base` (the config file's folder). */
export function resolvePath(value: string, base: string, env: NodeJS.ProcessEnv = process.env): Expansion {
  const expanded = expandPath(value, env);
  return expanded.ok ? { ok: true, path: resolve(base, expanded.path) } : expanded;
}

/** Where the config file's relative paths start, and the variables its paths may name. */
export interface PathContext {
  readonly configFolder: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The path option `value`, found at `at` in the config, made absolute; or undefined after adding
 * to `problems` the variables it names that are unset or empty.
 */
export function configuredPath(
  value: string,
  at: KeyPath,
  context: PathContext,
  problems: Problem[],
): string | undefined {
  const resolved = resolvePath(value, context.configFolder, context.env);
  if (resolved.ok) return resolved.path;
  problems.push({
    path: at,
    text: `expected a path whose variables are set, got ${describeValue(value)} (${resolved.reason})`,
  });
  return undefined;
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
