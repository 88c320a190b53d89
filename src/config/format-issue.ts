/**
 * The one place where zod's validation issues become messages for people: each issue is turned
 * into a Problem at its key path, saying what was expected and what was found, with a suggestion
 * for a likely typo. A secret's value is never shown, nor anything derived from it. `validate`
 * runs the parse, so that zod's own wording can be told from an author's.
 *
 * Messages given to a check (`.regex(re, "…")`, `.refine(check, "…")`) are used as written, so
 * they should read `expected …`; what was found is added unless they already say (`got …`).
 * @module
 */
import type { z } from "zod";
import { describeExpected } from "./describe-schema.js";
import type { KeyPath, Problem } from "./problem.js";
import {
  objectKeys,
  schemaAt,
  schemaDefinition,
  soleOptionForKind,
  stringChoices,
  unwrap,
  type Schema,
} from "./schema-walk.js";
import { valueAt } from "./toml-value.js";
import { describeValue, mismatch, orList, quote, unknownKey } from "./wording.js";

type Issue = z.core.$ZodIssue;

/** What was validated: the schema, the value it was given, and where that value sits in the file. */
interface IssueSource {
  readonly schema: Schema;
  readonly input: unknown;
  /** The key path of `input` in the document, e.g. `["storage", "cal"]`. */
  readonly at: KeyPath;
}

/** The parsed value, or undefined after adding the reasons it failed to `problems`. */
export function validate<Output>(
  schema: z.ZodType<Output>,
  input: unknown,
  at: KeyPath,
  problems: Problem[],
): Output | undefined {
  const result = schema.safeParse(input, { error: () => zodWording });
  if (result.success) return result.data;
  problems.push(...formatIssues(result.error.issues, { schema, input, at }));
  return undefined;
}

/** The problems behind zod's issues; `base` is where nested issues (in a union) are relative to. */
function formatIssues(issues: readonly Issue[], source: IssueSource, base: KeyPath = []): Problem[] {
  return issues.flatMap((issue) => formatIssue(issue, source, base));
}

function formatIssue(issue: Issue, source: IssueSource, base: KeyPath): Problem[] {
  const path = [...base, ...issue.path];
  const { schema, secret } = schemaAt(source.schema, path);
  const found = valueAt(source.input, path);
  const here = (text: string): Problem[] => [{ path: [...source.at, ...path], text }];
  const expected = schema === undefined ? fallbackExpected(issue) : describeExpected(schema);
  const choices = schema === undefined ? [] : stringChoices(schema);
  const plainMismatch = () => here(mismatch(expected, found, { choices, secret }));

  // What a schema's author wrote says it best; only a secret's is replaced, as it might show the value.
  if (isAuthored(issue) && !secret) {
    return here(
      /\bgot\b/.test(issue.message) ? issue.message : `${issue.message}, got ${describeValue(found)}`,
    );
  }
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = schema === undefined ? [] : objectKeys(schema);
      return issue.keys.map((key) => ({ path: [...source.at, ...path, key], text: unknownKey(key, known) }));
    }
    case "invalid_union": {
      const option = schema === undefined ? undefined : soleOptionForKind(schema, found);
      const optionIssues = option === undefined ? undefined : issue.errors[option];
      return optionIssues === undefined ? plainMismatch() : formatIssues(optionIssues, source, path);
    }
    case "invalid_key": {
      // The key itself is at fault (a table name that cannot be a file name): validate it alone.
      const record = schemaAt(source.schema, path.slice(0, -1)).schema;
      const def = record === undefined ? undefined : schemaDefinition(unwrap(record));
      if (def?.type !== "record") return plainMismatch();
      const keySource = { schema: def.keyType, input: path.at(-1), at: [...source.at, ...path] };
      return formatIssues(issue.issues, keySource);
    }
    case "too_small":
    case "too_big":
      return secret ? plainMismatch() : here(sizeMismatch(issue, found));
    case "invalid_format":
      return secret || issue.pattern === undefined
        ? plainMismatch()
        : here(mismatch(`a string matching ${issue.pattern}`, found));
    default:
      return plainMismatch();
  }
}

/**
 * Stands in for zod's own wording during a parse. Messages given to a check outrank it, so any
 * issue without it carries a message the schema's author wrote.
 */
const zodWording = "\u0000zod";
const isAuthored = (issue: Issue): boolean => issue.message !== zodWording;

/** For an issue whose schema could not be followed: what the issue itself says was expected. */
function fallbackExpected(issue: Issue): string {
  if (issue.code === "invalid_value") {
    return orList(issue.values.map((value) => (typeof value === "string" ? quote(value) : String(value))));
  }
  return issue.code === "invalid_type" ? `a ${issue.expected}` : "a valid value";
}

const bounds = {
  too_small: { inclusive: "at least", exclusive: "more than" },
  too_big: { inclusive: "at most", exclusive: "less than" },
};
const units: Partial<Record<string, string>> = { array: "item", set: "item", string: "character" };

/** `expected at least 1 item, got an empty list`. */
function sizeMismatch(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, found: unknown): string {
  const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const bound = issue.exact ? "exactly" : bounds[issue.code][issue.inclusive ? "inclusive" : "exclusive"];
  const unit = units[issue.origin];
  const counted = unit === undefined ? "" : ` ${unit}${Number(limit) === 1 ? "" : "s"}`;
  return `expected ${bound} ${limit}${counted}, got ${describeValue(found)}`;
}
