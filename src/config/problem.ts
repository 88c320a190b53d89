/**
 * A problem found in the config file, and how a list of them becomes the one ConfigError the
 * user sees: one line per problem, each `<file>: <key path>: <what is wrong>`.
 * @module
 */
import { ConfigError } from "../errors/index.js";

/** Where in the TOML document: table and key names, and list indexes. */
export type KeyPath = readonly PropertyKey[];

export interface Problem {
  readonly path: KeyPath;
  /** What was expected and what was found, e.g. `expected true or false, got "yes"`. */
  readonly text: string;
}

const bareKey = /^[A-Za-z0-9_-]+$/;

/** Spells a key path as TOML would: `pair.cal.collections[0].a`, `storage."my cal".path`. */
export function formatKey(path: KeyPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      const name = String(segment);
      const spelled = bareKey.test(name) ? name : JSON.stringify(name);
      return index === 0 ? spelled : `.${spelled}`;
    })
    .join("");
}

/** One error for all the problems, so that a user fixes them in one round rather than one by one. */
export function configError(file: string, problems: readonly Problem[]): ConfigError {
  const lines = problems.map(({ path, text }) =>
    path.length === 0 ? `${file}: ${text}` : `${file}: ${formatKey(path)}: ${text}`,
  );
  const first = problems[0];
  return new ConfigError(lines.join("\n"), {
    file,
    key: first === undefined || first.path.length === 0 ? undefined : formatKey(first.path),
  });
}
