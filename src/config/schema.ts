/**
 * The `[general]` and `[pair.NAME]` tables: each option with its meaning (`.describe()`, first
 * sentence = help text) and default, and how its TOML spelling becomes the typed value the
 * engine reads. `[storage.NAME]` tables are checked by each storage type's own schema.
 * @module
 */
import { z } from "zod";
import { asCollectionId, isNestedId, propertyNames, type PropertyName } from "../contract/index.js";
import { quote } from "./wording.js";

export type CollectionsSpec =
  | { readonly kind: "all" }
  | { readonly kind: "from"; readonly side: "a" | "b" }
  | {
      readonly kind: "list";
      readonly entries: readonly { readonly name: string; readonly a: string; readonly b: string }[];
    };

/** What settles a conflict that is not (or cannot be) merged. */
export type SettlePolicy =
  | { readonly kind: "report" }
  | { readonly kind: "keep"; readonly side: "a" | "b" }
  | { readonly kind: "newer" }
  | { readonly kind: "keepBoth" }
  | { readonly kind: "ask" }
  | { readonly kind: "command"; readonly argv: readonly string[] };

/** `conflict_resolution`: a settling policy, or a merge that falls back to one (`merge_fallback`). */
export type ConflictPolicy = SettlePolicy | { readonly kind: "merge"; readonly fallback: SettlePolicy };

/** The policy that settles what is not merged: the fallback of a merge, else the policy itself. */
export const settlePolicy = (policy: ConflictPolicy): SettlePolicy =>
  policy.kind === "merge" ? policy.fallback : policy;

export interface PairConfig {
  readonly name: string;
  /** The names of the storages on side A and side B. */
  readonly a: string;
  readonly b: string;
  /** Unset: a pair of file trees syncs its one tree; other pairs must say. */
  readonly collections: CollectionsSpec | undefined;
  readonly conflictResolution: ConflictPolicy;
  /** The most deletions one run may make on a side; unset: the item model's default. */
  readonly maxDelete: { readonly count: number } | { readonly percent: number } | undefined;
  readonly onEmpty: "skip" | "sync";
  readonly onDelete: "sync" | "skip";
  readonly oneWay: boolean;
  /** `max_age`, in milliseconds: items that arrived longer ago are left alone. */
  readonly maxAgeMs: number | undefined;
  readonly metadata: readonly PropertyName[];
}

const dayMs = 24 * 60 * 60 * 1000;
/** What `max_age`'s units mean: a month is 30 days, a year 365. */
const ageUnitMs = { d: dayMs, w: 7 * dayMs, m: 30 * dayMs, y: 365 * dayMs } as const;

/**
 * Whether a name can be one segment of a path: collection ids become folder names, pair names
 * file names, and `concord sync PAIR/COLLECTION` splits at the slash.
 */
function isSegmentName(value: string): boolean {
  try {
    // Collection ids may nest ("INBOX/Sub"); a name in the config is one segment.
    return !isNestedId(asCollectionId(value));
  } catch {
    return false;
  }
}

/** A table name or collection name; see `isSegmentName`. */
export const segmentNameSchema = z
  .string()
  .refine(isSegmentName, 'expected a name without "/" or control characters, other than "." and ".."');

/** `"work"` stands for the collection `work` on both sides. */
const collectionByName = segmentNameSchema.transform((id) => ({ name: id, a: id, b: id }));

/** `{ a = "x", b = "y" }` maps differently named collections; the mapping is named `x:y`. */
/** A collection id, or where a DAV side may name it instead: its URL or absolute path. */
const collectionKeySchema = z
  .union([segmentNameSchema, z.string().regex(/^(https?:\/\/|\/)[^\s]*$/)])
  .meta({ expected: "a collection id, or a collection's URL or absolute path" });

/** What a key calls its collection in a mapping's name: the id, or a URL's last segment. */
const shortName = (key: string): string =>
  key
    .split("/")
    .filter((segment) => segment !== "")
    .at(-1) ?? key;

const collectionByIds = z
  .strictObject({
    a: collectionKeySchema.describe(
      "The collection on side A: its id, or for a DAV storage its URL or path.",
    ),
    b: collectionKeySchema.describe(
      "The collection on side B: its id, or for a DAV storage its URL or path.",
    ),
    name: segmentNameSchema
      .optional()
      .describe(
        'The name of this mapping in messages and on the command line. Default: "a:b", or a if a and b are equal.',
      ),
  })
  .transform(({ a, b, name }) => {
    const [nameA, nameB] = [shortName(a), shortName(b)];
    return { name: name ?? (nameA === nameB ? nameA : `${nameA}:${nameB}`), a, b };
  });

type Entries = Extract<CollectionsSpec, { kind: "list" }>["entries"];

/** The status and the command line tell mappings apart by name, so two may not share one. */
function rejectDuplicateNames(entries: Entries, context: z.core.$RefinementCtx<Entries>): void {
  const seen = new Set<string>();
  entries.forEach(({ name }, index) => {
    if (seen.has(name)) {
      context.addIssue({
        code: "custom",
        path: [index],
        message: `expected a name no other entry has, got ${quote(name)} again (set name = "..." on one of them)`,
      });
    }
    seen.add(name);
  });
}

const collectionsSchema = z
  .union([
    z
      .enum(["all", "from a", "from b"])
      .transform((value): CollectionsSpec =>
        value === "all" ? { kind: "all" } : { kind: "from", side: value === "from a" ? "a" : "b" },
      ),
    z
      .array(z.union([collectionByName, collectionByIds]))
      .min(1)
      .superRefine(rejectDuplicateNames)
      .transform((entries): CollectionsSpec => ({ kind: "list", entries })),
  ])
  .meta({
    expected: '"all", "from a", "from b" or a list of collection names and { a = "...", b = "..." } tables',
  })
  .optional()
  .describe(
    'Which collections to synchronise. "all": every collection of either side; "from a" / "from b": ' +
      'those of that side; a list: these, by id (["work", "home"]), or mapped between differing ids ' +
      '([{ a = "work", b = "job" }]). Required for calendars and contacts; a pair of file trees ' +
      "has one collection, its tree, and may leave it out.",
  );

const settlePolicyValues = ["keep a", "keep b", "newer", "keep both", "ask"] as const;

/** The policies that settle a conflict, as TOML spells them. */
const settlePolicySchema = z.union([
  z.enum(settlePolicyValues).transform((value): SettlePolicy => {
    if (value === "ask") return { kind: "ask" };
    if (value === "newer") return { kind: "newer" };
    if (value === "keep both") return { kind: "keepBoth" };
    return { kind: "keep", side: value === "keep a" ? "a" : "b" };
  }),
  z
    .strictObject({ cmd: z.array(z.string()).min(1).describe("The command and its arguments.") })
    .transform(({ cmd }): SettlePolicy => ({ kind: "command", argv: cmd })),
]);

const conflictResolutionSchema = z
  .union([z.literal("merge").transform(() => "merge" as const), settlePolicySchema])
  .optional()
  .describe(
    'What to do with an item changed differently on both sides. "merge": merge both sides\' ' +
      "changes property by property with the version last synchronised (calendars and contacts: a " +
      "number added on one side and an e-mail address on the other both stay), and do what " +
      'merge_fallback says where the same property changed differently; "keep a" / "keep b": that ' +
      'side\'s version wins; "newer": the one modified last wins (files); "keep both": the newer ' +
      "keeps the name and the other is kept beside it on both sides as " +
      'NAME.conflict-STORAGE-YYYYMMDD-HHMMSS.EXT (files); "ask": ask on the terminal; { cmd = [...] }: ' +
      "hand both versions to a command (a merge tool). Default: report the conflict and leave both " +
      "sides untouched.",
  );

const mergeFallbackSchema = z
  .union([z.literal("report").transform((): SettlePolicy => ({ kind: "report" })), settlePolicySchema])
  .optional()
  .describe(
    'With conflict_resolution = "merge": what to do with an item whose changes cannot be merged ' +
      "(the same property changed differently on both sides, or no version last synchronised to " +
      'merge with): "report" (default), or any other conflict_resolution value but "merge".',
  );

export const pairSchema = z
  .strictObject({
    a: z.string().describe("The storage on side A: the NAME of a [storage.NAME] table."),
    b: z.string().describe("The storage on side B: the NAME of a [storage.NAME] table."),
    collections: collectionsSchema,
    conflict_resolution: conflictResolutionSchema,
    merge_fallback: mergeFallbackSchema,
    max_delete: z
      .union([
        z
          .number()
          .int()
          .min(0)
          .transform((count) => ({ count })),
        z
          .string()
          .regex(/^\d+(\.\d+)?%$/)
          .transform((text) => ({ percent: Number.parseFloat(text) })),
      ])
      .optional()
      .meta({ expected: 'a number of items (50) or a share of what a side holds ("50%")' })
      .describe(
        "The most items one run may delete on a side; a run that would delete more changes nothing " +
          'and says so, unless `concord sync --force`. A share ("50%") counts from 10 deletions on. ' +
          'Default: "50%" for file trees, no limit for calendars and contacts (on_empty guards them).',
      ),
    on_empty: z
      .enum(["skip", "sync"])
      .default("skip")
      .describe(
        "What to do when one side of a collection is suddenly empty while the status says it held " +
          'items. "skip" (default): synchronise nothing and report it; "sync": delete on the other side too.',
      ),
    on_delete: z
      .enum(["sync", "skip"])
      .default("sync")
      .describe(
        'What to do with an item or collection deleted on one side. "sync" (default): delete it on the ' +
          'other side too (a collection only once it is empty there); "skip": never delete on the other side.',
      ),
    one_way: z
      .boolean()
      .default(false)
      .describe(
        "Make B a copy of A: changes flow from A to B only, and changes made on B are overwritten. " +
          "Default: false, changes flow both ways.",
      ),
    max_age: z
      .string()
      .regex(/^\d+[dwmy]$/)
      .transform((text) => Number.parseInt(text, 10) * ageUnitMs[text.slice(-1) as keyof typeof ageUnitMs])
      .optional()
      .meta({ expected: 'a number of days, weeks, months or years: "90d", "12w", "6m", "2y"' })
      .describe(
        "Leave older items alone: one that arrived longer ago than this (a message's INTERNALDATE or " +
          "delivery time) and was never synchronised is not copied, nor its absence taken for a " +
          "deletion; what was synchronised before stays synchronised. For mail. Default: no limit.",
      ),
    metadata: z
      .array(z.enum(propertyNames))
      .default([])
      .describe(
        `Collection properties to synchronise as well: any of ${propertyNames.map(quote).join(", ")}. ` +
          "Default: none.",
      ),
  })
  .superRefine((pair, context) => {
    if (pair.merge_fallback !== undefined && pair.conflict_resolution !== "merge") {
      context.addIssue({
        code: "custom",
        path: ["merge_fallback"],
        message: 'expected no merge_fallback without conflict_resolution = "merge"',
      });
    }
  })
  .transform((pair): Omit<PairConfig, "name"> => ({
    a: pair.a,
    b: pair.b,
    collections: pair.collections,
    conflictResolution:
      pair.conflict_resolution === "merge"
        ? { kind: "merge", fallback: pair.merge_fallback ?? { kind: "report" } }
        : (pair.conflict_resolution ?? { kind: "report" }),
    maxDelete: pair.max_delete,
    onEmpty: pair.on_empty,
    onDelete: pair.on_delete,
    oneWay: pair.one_way,
    maxAgeMs: pair.max_age,
    // Listing a property twice is harmless; carrying it twice would not be.
    metadata: [...new Set(pair.metadata)],
  }));

export const generalSchema = z.strictObject({
  status_path: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The folder holding the status databases, one file per pair. Default: $XDG_DATA_HOME/concord " +
        "(~/.local/share/concord when XDG_DATA_HOME is unset). `~` and $VARS are expanded (an unset or " +
        "empty variable is an error); a relative path is taken from the config file's folder.",
    ),
});

/**
 * The file's outline: which tables exist and that their names are usable. The tables' contents
 * are checked one by one, so that one broken table does not hide the problems of the others.
 */
export const documentSchema = z.strictObject({
  general: z.record(z.string(), z.unknown()).optional().describe("Settings for concord as a whole."),
  storage: z
    .record(segmentNameSchema, z.record(z.string(), z.unknown()))
    .optional()
    .describe("[storage.NAME] tables: the places that hold collections, each with a type."),
  pair: z
    .record(segmentNameSchema, z.record(z.string(), z.unknown()))
    .optional()
    .describe("[pair.NAME] tables: two storages and the rules for synchronising them."),
  backup: z
    .record(segmentNameSchema, z.record(z.string(), z.unknown()))
    .optional()
    .describe("[backup.NAME] tables: working folders and the disks they are backed up to."),
});
