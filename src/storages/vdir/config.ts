/**
 * The `[storage.NAME]` table of a vdir storage.
 * @module
 */
import { z } from "zod";
import { pathSchema, storageCommonShape } from "../../config/common.js";

/** Accepts "ics" as well as ".ics"; stores it with the dot, as file names end with it. */
const fileextSchema = z
  .string()
  .regex(/^\.?[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,31}$/, 'expected a file extension such as ".ics" or ".vcf"')
  .transform((value) => (value.startsWith(".") ? value : `.${value}`));

export const vdirConfigSchema = z.strictObject({
  type: z.literal("vdir").describe("A folder of collections, one file per item (khal, khard, todoman)."),
  path: pathSchema.describe(
    "The folder that holds one sub-folder per collection (calendar or address book). It is created when the first collection is.",
  ),
  fileext: fileextSchema.describe(
    'The extension of item files, such as ".ics" for calendars or ".vcf" for contacts. Other files are left alone.',
  ),
  ...storageCommonShape,
});

export type VdirConfig = z.output<typeof vdirConfigSchema>;
