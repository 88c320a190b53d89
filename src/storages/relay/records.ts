/**
 * What a relay holds, as data: the relay's description, the manifests places join from, the
 * records of what each place acknowledged, and the change sets. Everything read from a relay is
 * checked against these schemas before it is used; paths above all, which must stay inside the
 * tree they are written to.
 * @module
 */
import { z } from "zod";
import { InvalidDataError } from "../../errors/index.js";

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/);
const placeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Where each place's change sets have been taken in up to: place → the last seq. */
export const positionSchema = z.record(placeSchema, z.number().int().nonnegative());
const attributesSchema = z.record(z.string(), z.string());

/** A path inside the tree: relative, no `.` or `..` segment, no control character. */
const pathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => {
    const segments = (path.endsWith("/") ? path.slice(0, -1) : path).split("/");
    // eslint-disable-next-line no-control-regex
    return !/[\0-\x1f\\]/.test(path) && segments.every((s) => s !== "" && s !== "." && s !== "..");
  }, "a path that could leave the tree");

export const relayFileSchema = z.strictObject({
  format: z.literal(1),
  /** Each place, with the manifest it joins from and where in the journal that manifest stands. */
  places: z.record(
    placeSchema,
    z.strictObject({ manifest: z.number().int().nonnegative(), from: positionSchema }),
  ),
  encryption: z
    .strictObject({
      kdf: z.strictObject({
        salt: z.string(),
        N: z.number().int(),
        r: z.number().int(),
        p: z.number().int(),
      }),
      /** A known text sealed with the key: a wrong passphrase fails to open it. */
      check: z.string(),
    })
    .optional(),
});
export type RelayFile = z.infer<typeof relayFileSchema>;
export type Position = z.infer<typeof positionSchema>;

const itemSchema = z.strictObject({
  path: pathSchema,
  hash: hashSchema,
  attributes: attributesSchema.optional(),
});
export const manifestSchema = z.strictObject({ items: z.array(itemSchema) });
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestItem = z.infer<typeof itemSchema>;

export const placeRecordSchema = z.strictObject({
  /** Change sets of each place taken in, this place's own (the last it published) included. */
  acked: positionSchema,
  syncedAt: z.number(),
});
export type PlaceRecord = z.infer<typeof placeRecordSchema>;

const changeSchema = z.strictObject({
  path: pathSchema,
  /** The hash it replaced; null for a creation. */
  base: hashSchema.nullable(),
  /** The hash it has now; null for a deletion. */
  hash: hashSchema.nullable(),
  attributes: attributesSchema.optional(),
});
export type Change = z.infer<typeof changeSchema>;

export const changeSetSchema = z.strictObject({
  place: placeSchema,
  seq: z.number().int().positive(),
  /** When it was published, in ms: names the conflict copies it loses. */
  time: z.number(),
  /** What its place had taken in of the others' change sets when it made it. */
  seen: positionSchema,
  changes: z.array(changeSchema),
  /** The contents it carries: hash → size in bytes. */
  blobs: z.record(hashSchema, z.number().int().nonnegative()),
});
export type ChangeSet = z.infer<typeof changeSetSchema>;

/** Parses JSON read from `where` against `schema`; InvalidDataError naming `where` otherwise. */
export function parseRecord<T>(schema: z.ZodType<T>, bytes: Uint8Array, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new InvalidDataError(`${where}: not JSON`, { what: where });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidDataError(`${where}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`, {
      what: where,
    });
  }
  return parsed.data;
}

export const recordBytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
