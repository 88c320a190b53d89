/**
 * The `[storage.NAME]` table of a single-file storage.
 * @module
 */
import { dirname } from "node:path";
import { z } from "zod";
import { pathSchema, storageCommonShape } from "../../config/common.js";

/** `%s` may stand for a collection id once, in the file name: ids are file names, not folders. */
function isUsablePattern(path: string): boolean {
  const occurrences = path.split("%s").length - 1;
  return occurrences === 0 || (occurrences === 1 && !dirname(path).includes("%s"));
}

export const singlefileConfigSchema = z.strictObject({
  type: z
    .literal("singlefile")
    .describe("One .ics or .vcf file holding many items, as calendar apps export them."),
  path: pathSchema
    .refine(isUsablePattern, "%s may appear once, and only in the file name, not in a folder name")
    .describe(
      'The file, such as "~/calendar.ics" (one collection, named after the file), or a pattern such as "~/cals/%s.ics" where every matching file is a collection and %s its id.',
    ),
  ...storageCommonShape,
});

export type SinglefileConfig = z.output<typeof singlefileConfigSchema>;
