/**
 * Turning a configured secret into its value: inline, the first line a command prints, a file's
 * content or an environment variable. Errors name the key and the source, never the value, nor
 * a command's output (which may hold the secret or part of it).
 * @module
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { ConfigError } from "../errors/index.js";
import type { SecretSource } from "./common.js";
import { fileErrorReason } from "./file-errors.js";
import { expandPath } from "./paths.js";
import { quote } from "./wording.js";

const run = promisify(execFile);

/**
 * The secret's value. `key` is its key path (`storage.cal.password`), for messages; `env`
 * supplies `{ env }` variables and `~` and `$VARS` in `{ file }` paths.
 * @throws ConfigError when the command fails, the file cannot be read, a variable is unset,
 *   or any of them yields an empty value.
 */
export async function resolveSecret(
  source: SecretSource,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (typeof source === "string") return source;
  const fail = (reason: string) => new ConfigError(`${key}: ${reason}`, { key });
  // An empty secret is a broken source (a password store without the entry), not a password.
  const nonEmpty = (value: string, complaint: string) => {
    if (value === "") throw fail(complaint);
    return value;
  };
  if ("cmd" in source) {
    const value = await firstLineOf(source.cmd, fail);
    return nonEmpty(value, `command ${quote(source.cmd[0]!)} printed an empty first line`);
  }
  if ("file" in source) {
    const expanded = expandPath(source.file, env);
    if (!expanded.ok) throw fail(`cannot read secret file ${quote(source.file)}: ${expanded.reason}`);
    const { path } = expanded;
    return nonEmpty(await readSecretFile(path, fail), `secret file ${quote(path)} is empty`);
  }
  const value = env[source.env];
  if (value === undefined) throw fail(`environment variable ${source.env} is not set`);
  return nonEmpty(value, `environment variable ${source.env} is empty`);
}

type Fail = (reason: string) => ConfigError;

/** Runs the command without a shell, so that no argument is ever re-split or expanded. */
async function firstLineOf(argv: readonly string[], fail: Fail): Promise<string> {
  const [command, ...args] = argv as [string, ...string[]];
  try {
    const { stdout } = await run(command, args, { encoding: "utf8" });
    return stdout.split(/\r?\n/, 1)[0]!;
  } catch (error) {
    // The error carries stdout and stderr: it is not passed on as a cause.
    throw fail(`command ${quote(command)} ${commandFailure(error)}`);
  }
}

function commandFailure(error: unknown): string {
  const { code, signal } = error as { code?: number | string; signal?: string | null };
  if (typeof code === "number") return `exited with status ${code}`;
  if (signal) return `was stopped by ${signal}`;
  if (code === "ENOENT") return "was not found";
  if (code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return "printed too much";
  return `could not be run: ${fileErrorReason(error)}`;
}

async function readSecretFile(path: string, fail: Fail): Promise<string> {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    throw fail(`cannot read secret file ${quote(path)}: ${fileErrorReason(error)}`);
  }
}
