/**
 * The keys of a relay table that only a relay in an S3 bucket (`url = "s3://…"`) takes.
 * @module
 */
import { z } from "zod";
import { secretSchema } from "../../../../config/common.js";
import { ConfigError } from "../../../../errors/index.js";

export const s3Shape = {
  endpoint: z
    .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
    .optional()
    .describe(
      "An S3 relay's server, for a service other than AWS (MinIO, Garage, Ceph, a hosting provider's): https://s3.example.com. Default: AWS's, https://s3.<region>.amazonaws.com.",
    ),
  region: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, "lower-case letters, digits and - only")
    .optional()
    .describe("An S3 relay's region (eu-west-1), part of every signature. Default: us-east-1."),
  access_key_id: z.string().min(1).optional().describe("An S3 relay's access key ID."),
  secret_access_key: secretSchema
    .optional()
    .describe(
      'An S3 relay\'s secret access key: inline, or { cmd = [...] }, { file = "..." } or { env = "VAR" }.',
    ),
};

type S3Key = keyof typeof s3Shape;
const s3Keys = Object.keys(s3Shape) as S3Key[];

/**
 * Refuses S3's keys in the table of a relay that is not in S3, where they would be silently unused.
 * @throws ConfigError naming `storage.NAME.KEY`
 */
export function refuseS3Keys(storage: string, config: Readonly<Partial<Record<S3Key, unknown>>>): void {
  const given = s3Keys.find((name) => config[name] !== undefined);
  if (given === undefined) return;
  const key = `storage.${storage}.${given}`;
  throw new ConfigError(`${key}: only a relay in an S3 bucket takes it (url = "s3://bucket/prefix/")`, {
    key,
  });
}
