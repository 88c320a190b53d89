/**
 * The `[storage.NAME]` table of a files storage.
 * @module
 */
import { z } from "zod";
import { pathSchema, storageCommonShape } from "../../config/common.js";

export const filesConfigSchema = z.strictObject({
  type: z.literal("files").describe("A tree of files and folders, synchronised file by file."),
  path: pathSchema.describe(
    "The root of the tree. It must exist: a missing root (an unplugged disk) stops the sync instead of reading as everything deleted.",
  ),
  ignore: z
    .array(z.string())
    .default([])
    .describe(
      'Paths to leave alone, in .gitignore syntax, such as "node_modules/" or "*.tmp". A .concordignore file at the root adds more.',
    ),
  ...storageCommonShape,
});

export type FilesConfig = z.output<typeof filesConfigSchema>;
