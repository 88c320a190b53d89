/**
 * Runs a schema over one part of the document and collects what is wrong as Problems, so that
 * the loader can check every table and report all problems at once.
 * @module
 */
import type { z } from "zod";
import { formatIssues } from "./format-issue.js";
import type { KeyPath, Problem } from "./problem.js";

/** The parsed value, or undefined after adding the reasons it failed to `problems`. */
export function validate<Output>(
  schema: z.ZodType<Output>,
  input: unknown,
  at: KeyPath,
  problems: Problem[],
): Output | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  problems.push(...formatIssues(result.error.issues, { schema, input, at }));
  return undefined;
}
