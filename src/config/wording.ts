/**
 * The phrases every config message is built from, so that all of them read alike:
 * `expected <what>, got <what> (did you mean <what>?)`.
 * @module
 */
import { nearest } from "./suggest.js";
import { kindOfValue, type ValueKind } from "./toml-value.js";

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

export const quote = (text: string): string => JSON.stringify(text);

const longestQuoted = 60;

const kindPhrases: Record<ValueKind, string> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  "date-time": "a date-time",
  list: "a list",
  table: "a table",
};

/** What kind of TOML value this is, without showing it: for values that must stay unseen. */
function describeKind(value: unknown): string {
  const kind = kindOfValue(value);
  if (kind === undefined) return "nothing";
  return kind === "list" && (value as unknown[]).length === 0 ? "an empty list" : kindPhrases[kind];
}

/** The value as the user wrote it, shortened; lists and tables only by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return value.length > longestQuoted ? `${quote(value.slice(0, longestQuoted))}…` : quote(value);
  }
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return String(value);
  }
  return describeKind(value);
}

export interface MismatchOptions {
  /** Valid values; the nearest to a mistyped string is suggested. */
  readonly choices?: Iterable<string>;
  /** The value is a secret: name its kind only, and suggest nothing that might resemble it. */
  readonly secret?: boolean;
}

/** `expected <expected>, got <found>`, with a suggestion when a choice is close to `found`. */
export function mismatch(expected: string, found: unknown, options: MismatchOptions = {}): string {
  if (found === undefined) return `missing required key, expected ${expected}`;
  if (options.secret) return `expected ${expected}, got ${describeKind(found)}`;
  const suggestion =
    typeof found === "string" && options.choices ? nearest(found, options.choices) : undefined;
  const text = `expected ${expected}, got ${describeValue(found)}`;
  return suggestion === undefined ? text : `${text} (did you mean ${quote(suggestion)}?)`;
}

/** For a key the table does not know: the nearest known key, or else all of them. */
export function unknownKey(key: string, known: readonly string[]): string {
  const suggestion = nearest(key, known);
  if (suggestion !== undefined) return `unknown key (did you mean ${quote(suggestion)}?)`;
  return known.length === 0 ? "unknown key" : `unknown key, expected ${orList(known.map(quote))}`;
}
