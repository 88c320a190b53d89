/**
 * Schema pieces shared by the storage config schemas in `src/storages/<name>/config.ts`.
 * Every option carries a `.describe()` whose first sentence is its help text.
 * @module
 */
import { z } from "zod";

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
 * A path. The loader expands `~` and `$VARS` (an unset or empty one is a config error) and
 * makes a relative path relative to the config file's folder, so the same config works from
 * any working folder (`storage-table.ts`).
 */
export const pathSchema = z.string().min(1).meta({ path: true });

/** Keys every storage accepts besides its own. */
export const storageCommonShape = {
  read_only: z
    .boolean()
    .default(false)
    .describe("Never write to this storage. Changes from the other side are reported, not applied."),
};
