/**
 * The `[storage.NAME]` table of a relay.
 * @module
 */
import { z } from "zod";
import { secretSchema, storageCommonShape } from "../../config/common.js";
import { remoteShape } from "../remote/config.js";
import { s3Shape } from "./backends/s3/config.js";

export const relayConfigSchema = z.strictObject({
  type: z
    .literal("relay")
    .describe(
      "A relay between places that are never online together: paired with a files storage, it carries each place's changes to the others and keeps them only until every place has them.",
    ),
  url: z
    .string()
    .min(1)
    .describe(
      "Where the relay is: a folder's absolute path (a USB stick, a mounted share), or ~/path; the http(s) URL of a WebDAV collection, with username and password; or an S3 bucket, s3://bucket/prefix/.",
    ),
  place: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only")
    .describe("This place's name, one of those given to `concord relay init` (home, anna)."),
  passphrase: secretSchema
    .optional()
    .describe(
      "Encrypts file names, contents and sizes (to 4 KiB) on the relay; every place gives the same. Set it before `relay init`.",
    ),
  ...remoteShape,
  ...s3Shape,
  ...storageCommonShape,
});

export type RelayConfig = z.output<typeof relayConfigSchema>;
