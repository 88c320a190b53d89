/**
 * Schema pieces shared by the storage config schemas in `src/storages/<name>/config.ts`.
 * Every option carries a `.describe()` whose first sentence is its help text.
 * @module
 */
import { z } from "zod";
import { expandPath } from "./paths.js";

/**
 * A secret: inline, or `{ cmd = [...] }` (its first line of output), `{ file = "..." }` (its
 * content, trimmed) or `{ env = "VAR" }`. Resolved only when needed (`secrets.ts`), never
 * printed: `sensitive` keeps it out of error messages too.
 */
export const secretSchema = z
  .union([
    z.string(),
    z.strictObject({ cmd: z.array(z.string()).min(1) }),
    z.strictObject({ file: z.string() }),
    z.strictObject({ env: z.string() }),
  ])
  .meta({ sensitive: true });
export type SecretSource = z.infer<typeof secretSchema>;

/**
 * A path; `~` and `$VARS` are expanded here, and the loader makes a relative path relative to
 * the config file's folder (so the same config works from any working folder).
 */
export const pathSchema = z
  .string()
  .min(1)
  .transform((value) => expandPath(value))
  .meta({ path: true });

/** Keys every storage accepts besides its own. */
export const storageCommonShape = {
  read_only: z
    .boolean()
    .default(false)
    .describe("Never write to this storage. Changes from the other side are reported, not applied."),
};
