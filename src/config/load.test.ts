import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { ConfigError } from "../errors/index.js";
import type { ItemModel, StorageDefinition } from "../contract/index.js";
import { pathSchema, secretSchema, storageCommonShape } from "./common.js";
import { loadConfig } from "./load.js";
import { fileModel } from "../models/file.js";
import { calendarModel } from "../models/pim.js";

/** A stand-in for a real storage type: the config keys a file-based storage would have. */
function fakeDefinition(type: string, model: ItemModel = calendarModel): StorageDefinition {
  return {
    type,
    description: `fake ${type}`,
    modelFor: () => model,
    configSchema: z.strictObject({
      type: z.literal(type),
      path: pathSchema.describe("Where the collections are."),
      fileext: z
        .string()
        .regex(/^\.\w+$/, 'expected a file extension such as ".ics"')
        .default(".ics")
        .describe("The extension of item files."),
      password: secretSchema.optional().describe("The password."),
      ...storageCommonShape,
    }),
    create: () => Promise.reject(new Error("not needed here")),
  };
}

const definitions = new Map([
  ["vdir", fakeDefinition("vdir")],
  ["singlefile", fakeDefinition("singlefile")],
]);

const storages = `
[storage.cal_local]
type = "vdir"
path = "~/.calendars"

[storage.cal_file]
type = "singlefile"
path = "/tmp/export.ics"
`;

/** A pair of the two storages above, plus the given lines. */
const pair = (...lines: string[]) =>
  [storages, "[pair.cal]", 'a = "cal_file"', 'b = "cal_local"', ...lines].join("\n");

let folder: string;
let counter = 0;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "concord-config-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeConfig(text: string): Promise<string> {
  const file = join(folder, `config-${++counter}.toml`);
  await writeFile(file, text);
  return file;
}

const env = { HOME: "/home/user", EMPTY: "" };

/** The message a user sees for `text`, with the temp file's path written as <file>. */
async function messageFor(text: string, types = definitions): Promise<string> {
  const file = await writeConfig(text);
  const error = await loadConfig(file, types, env).then(
    () => expect.fail("the config was accepted"),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).data.file).toBe(file);
  return (error as ConfigError).message.replaceAll(file, "<file>");
}

describe("a broken config is reported with the file, the key, what was expected and what was found", () => {
  test.each([
    {
      case: "TOML syntax error",
      text: '[general]\nstatus_path = "~/state',
      message: "<file>:2:15: invalid TOML: unfinished string",
    },
    {
      case: "unknown top-level table",
      text: '[pairs.cal]\na = "x"',
      message: '<file>: pairs: unknown key (did you mean "pair"?)',
    },
    {
      case: "key outside any table",
      text: 'status_path = "~/state"',
      message: '<file>: status_path: unknown key, expected "general", "storage", "pair" or "backup"',
    },
    {
      case: "backup set without work folders",
      text: '[backup.photos]\nwork = []\nbackups = ["/media/disk1"]',
      message: "<file>: backup.photos.work: expected at least 1 item, got an empty list",
    },
    {
      case: "two work folders of the same name",
      text: '[backup.photos]\nwork = ["/a/Pictures", "/b/Pictures"]\nbackups = ["/media/disk1"]',
      message:
        "<file>: backup.photos.work[1]: expected work folders with different names (each gets a folder of its name on the disks), got Pictures again (work[0])",
    },
    {
      case: "a backup folder inside a work folder",
      text: '[backup.photos]\nwork = ["~/Pictures"]\nbackups = ["~/Pictures/backup"]',
      message:
        "<file>: backup.photos.backups[0]: expected a folder outside the work folders, got /home/user/Pictures/backup, which overlaps /home/user/Pictures",
    },
    {
      case: "unknown key with suggestion",
      text: storages + 'fileextt = ".ics"',
      message: '<file>: storage.cal_file.fileextt: unknown key (did you mean "fileext"?)',
    },
    {
      case: "unknown key without a near one",
      text: '[general]\ncolour = "red"',
      message: '<file>: general.colour: unknown key, expected "status_path"',
    },
    {
      case: "wrong type",
      text: storages + 'read_only = "yes"',
      message: '<file>: storage.cal_file.read_only: expected true or false, got "yes"',
    },
    {
      case: "a check with its own message",
      text: storages + 'fileext = "i c s"',
      message: '<file>: storage.cal_file.fileext: expected a file extension such as ".ics", got "i c s"',
    },
    {
      case: "a table where a value belongs",
      text: 'storage.cal = "vdir"',
      message: '<file>: storage.cal: expected a table, got "vdir"',
    },
    {
      case: "bad enum value with suggestion",
      text: pair('collections = "all"', 'on_empty = "synk"'),
      message: '<file>: pair.cal.on_empty: expected "skip" or "sync", got "synk" (did you mean "sync"?)',
    },
    {
      case: "missing storage type",
      text: '[storage.cal]\npath = "~/c"',
      message: '<file>: storage.cal.type: missing required key, expected "singlefile" or "vdir"',
    },
    {
      case: "unknown storage type",
      text: '[storage.cal]\ntype = "vdri"\npath = "~/c"',
      message: '<file>: storage.cal.type: expected "singlefile" or "vdir", got "vdri" (did you mean "vdir"?)',
    },
    {
      case: "empty path",
      text: '[storage.cal]\ntype = "vdir"\npath = ""',
      message: '<file>: storage.cal.path: expected at least 1 character, got ""',
    },
    {
      case: "table name that cannot be a file name",
      text: storages + '[pair."my/pair"]\na = "cal_file"\nb = "cal_local"\ncollections = "all"',
      message:
        '<file>: pair."my/pair": expected a name without "/" or control characters, other than "." and "..", got "my/pair"',
    },
    {
      case: "pair naming a missing storage, with suggestion",
      text: storages + '[pair.cal]\na = "cal_file"\nb = "cal_locl"\ncollections = "all"',
      message:
        '<file>: pair.cal.b: expected the name of a storage ("cal_local" or "cal_file"), got "cal_locl" (did you mean "cal_local"?)',
    },
    {
      case: "pair naming a storage when there is none",
      text: '[pair.cal]\na = "one"\nb = "two"\ncollections = "all"',
      message: [
        '<file>: pair.cal.a: expected the name of a storage (there is none: add a [storage.NAME] table), got "one"',
        '<file>: pair.cal.b: expected the name of a storage (there is none: add a [storage.NAME] table), got "two"',
      ].join("\n"),
    },
    {
      case: "same storage twice",
      text: storages + '[pair.cal]\na = "cal_file"\nb = "cal_file"\ncollections = "all"',
      message: '<file>: pair.cal.b: expected a storage other than a, got "cal_file" on both sides',
    },
    {
      case: "missing collections",
      text: pair(),
      message:
        '<file>: pair.cal.collections: missing required key, expected "all", "from a", "from b" or a list of collection names and { a = "...", b = "..." } tables',
    },
    {
      case: "bad collections form",
      text: pair('collections = "from c"'),
      message:
        '<file>: pair.cal.collections: expected "all", "from a", "from b" or a list of collection names and { a = "...", b = "..." } tables, got "from c" (did you mean "from a"?)',
    },
    {
      case: "collections table missing a side",
      text: pair('collections = [{ a = "work" }]'),
      message:
        "<file>: pair.cal.collections[0].b: missing required key, expected a collection id, or a collection's URL or absolute path",
    },
    {
      case: "collections item neither name nor table",
      text: pair("collections = [1]"),
      message:
        '<file>: pair.cal.collections[0]: expected a string or { a = "...", b = "...", name = "..." }, got 1',
    },
    {
      case: "collection id that escapes its folder",
      text: pair('collections = ["../work"]'),
      message:
        '<file>: pair.cal.collections[0]: expected a name without "/" or control characters, other than "." and "..", got "../work"',
    },
    {
      case: "empty collections list",
      text: pair("collections = []"),
      message: "<file>: pair.cal.collections: expected at least 1 item, got an empty list",
    },
    {
      case: "duplicate collection names",
      text: pair('collections = ["work", { a = "work", b = "work" }]'),
      message:
        '<file>: pair.cal.collections[1]: expected a name no other entry has, got "work" again (set name = "..." on one of them)',
    },
    {
      case: "bad conflict_resolution",
      text: pair('collections = "all"', 'conflict_resolution = "keep c"'),
      message:
        '<file>: pair.cal.conflict_resolution: expected "merge", "keep a", "keep b", "newer", "keep both", "ask" or { cmd = [...] }, got "keep c" (did you mean "keep a"?)',
    },
    {
      case: "merge_fallback without a merge",
      text: pair('collections = "all"', 'merge_fallback = "keep a"'),
      message:
        '<file>: pair.cal.merge_fallback: expected no merge_fallback without conflict_resolution = "merge", got "keep a"',
    },
    {
      case: "a merge falling back to a merge",
      text: pair('collections = "all"', 'conflict_resolution = "merge"', 'merge_fallback = "merge"'),
      message:
        '<file>: pair.cal.merge_fallback: expected "report", "keep a", "keep b", "newer", "keep both", "ask" or { cmd = [...] }, got "merge"',
    },

    {
      case: "conflict command not a list",
      text: pair('collections = "all"', 'conflict_resolution = { cmd = "meld" }'),
      message: '<file>: pair.cal.conflict_resolution.cmd: expected a list of strings, got "meld"',
    },
    {
      case: "bad metadata name",
      text: pair('collections = "all"', 'metadata = ["colour"]'),
      message:
        '<file>: pair.cal.metadata[0]: expected "displayname", "color", "description" or "order", got "colour" (did you mean "color"?)',
    },
    {
      case: "secret of the wrong shape, not echoed",
      text: storages + "password = 271828",
      message:
        '<file>: storage.cal_file.password: expected a string, { cmd = [...] }, { file = "..." } or { env = "..." }, got a number',
    },
    {
      case: "secret command not a list, not echoed",
      text: storages + 'password = { cmd = "pass show dav" }',
      message:
        '<file>: storage.cal_file.password: expected a string, { cmd = [...] }, { file = "..." } or { env = "..." }, got a table',
    },
    {
      case: "a path naming an unset variable",
      text: '[general]\nstatus_path = "$NO_SUCH_VAR/status"',
      message:
        '<file>: general.status_path: expected a path whose variables are set, got "$NO_SUCH_VAR/status" ($NO_SUCH_VAR is not set)',
    },
    {
      case: "a storage path naming unset and empty variables",
      text: `[storage.cal]\ntype = "vdir"\npath = "\${EMPTY}/$NO_SUCH_VAR/cals"`,
      message:
        '<file>: storage.cal.path: expected a path whose variables are set, got "${EMPTY}/$NO_SUCH_VAR/cals" ($EMPTY is empty, $NO_SUCH_VAR is not set)',
    },
    {
      case: "an unknown type hides nothing that can be told without it",
      text: [
        "[storage.cal]",
        'type = "vdri"',
        'path = "$NO_SUCH_VAR/cals"',
        'fileextt = ".ics"',
        "read_only = 1",
        "[storage.other]",
        'type = "vdir"',
        'path = ""',
      ].join("\n"),
      message: [
        '<file>: storage.cal.type: expected "singlefile" or "vdir", got "vdri" (did you mean "vdir"?)',
        '<file>: storage.cal.path: expected a path whose variables are set, got "$NO_SUCH_VAR/cals" ($NO_SUCH_VAR is not set)',
        '<file>: storage.cal.fileextt: unknown key (did you mean "fileext"?)',
        "<file>: storage.cal.read_only: expected true or false, got 1",
        '<file>: storage.other.path: expected at least 1 character, got ""',
      ].join("\n"),
    },
    {
      case: "a missing type, and a key no type has",
      text: '[storage.cal]\npath = "~/c"\ncolour = "red"',
      message: [
        '<file>: storage.cal.type: missing required key, expected "singlefile" or "vdir"',
        '<file>: storage.cal.colour: unknown key, expected "type", "path", "fileext", "password" or "read_only"',
      ].join("\n"),
    },
    {
      case: "a path's unset variable along with the table's other problems",
      text: '[storage.cal]\ntype = "vdir"\npath = "$NO_SUCH_VAR/cals"\nfileext = 3',
      message: [
        "<file>: storage.cal.fileext: expected a string, got 3",
        '<file>: storage.cal.path: expected a path whose variables are set, got "$NO_SUCH_VAR/cals" ($NO_SUCH_VAR is not set)',
      ].join("\n"),
    },
    {
      case: "several problems at once",
      text: pair('collections = "all"', "one_way = 1", 'metadata = "color"'),
      message: [
        "<file>: pair.cal.one_way: expected true or false, got 1",
        '<file>: pair.cal.metadata: expected a list of "displayname", "color", "description" or "order", got "color"',
      ].join("\n"),
    },
  ])("$case", async ({ text, message }) => {
    expect(await messageFor(text)).toBe(message);
  });

  test("a secret's value appears nowhere, not even in a syntax error", async () => {
    const messages = await Promise.all([
      messageFor(storages + 'password = "hunter2\nfoo = 1'),
      messageFor(storages + "password = 8675309"),
      messageFor(storages + 'password = ["hunter2"]'),
      messageFor(storages + 'password = { file = "hunter2", env = "hunter2" }'),
    ]);
    for (const message of messages) {
      expect(message).not.toMatch(/hunter2|8675309/);
    }
  });

  test("names the key of the first problem in the error's data", async () => {
    const file = await writeConfig(pair('collections = "all"', 'on_delete = "never"', "one_way = 1"));
    await expect(loadConfig(file, definitions, env)).rejects.toMatchObject({
      data: { file, key: "pair.cal.on_delete" },
    });
  });

  test("a file that cannot be read", async () => {
    const file = join(folder, "absent.toml");
    await expect(loadConfig(file, definitions, env)).rejects.toThrow(
      new ConfigError(`${file}: cannot read the config file: no such file`, { file }),
    );
  });
});

test("a merge is refused for items that cannot merge", async () => {
  const text = [
    '[storage.work]\ntype = "tree"\npath = "~/work"',
    '[storage.disk]\ntype = "tree"\npath = "/mnt/disk"',
    '[pair.files]\na = "work"\nb = "disk"\nconflict_resolution = "merge"',
  ].join("\n");
  expect(await messageFor(text, new Map([["tree", fakeDefinition("tree", fileModel)]]))).toBe(
    '<file>: pair.files.conflict_resolution: expected a policy for file items, got "merge", which merges calendars and contacts only',
  );
});

describe("a valid config", () => {
  test("gets the defaults for every option left out", async () => {
    const file = await writeConfig(pair('collections = "from a"'));
    const config = await loadConfig(file, definitions, { HOME: "/home/user" });
    expect(config.file).toBe(file);
    expect(config.statusPath).toBe("/home/user/.local/share/concord");
    expect(config.pairs.get("cal")).toEqual({
      name: "cal",
      a: "cal_file",
      b: "cal_local",
      collections: { kind: "from", side: "a" },
      conflictResolution: { kind: "report" },
      onEmpty: "skip",
      onDelete: "sync",
      oneWay: false,
      metadata: [],
    });
    expect(config.storages.get("cal_file")).toEqual({
      name: "cal_file",
      definition: definitions.get("singlefile"),
      config: { type: "singlefile", path: "/tmp/export.ics", fileext: ".ics", read_only: false },
    });
  });

  test("turns every option into its typed form", async () => {
    const file = await writeConfig(
      pair(
        'collections = ["work", { a = "home", b = "private" }, { a = "x", b = "x" }, { a = "p", b = "q", name = "pq" }]',
        'conflict_resolution = { cmd = ["meld", "--auto"] }',
        'on_empty = "sync"',
        'on_delete = "skip"',
        "one_way = true",
        'metadata = ["color", "displayname", "color"]',
      ),
    );
    const config = await loadConfig(file, definitions, env);
    expect(config.pairs.get("cal")).toMatchObject({
      collections: {
        kind: "list",
        entries: [
          { name: "work", a: "work", b: "work" },
          { name: "home:private", a: "home", b: "private" },
          { name: "x", a: "x", b: "x" },
          { name: "pq", a: "p", b: "q" },
        ],
      },
      conflictResolution: { kind: "command", argv: ["meld", "--auto"] },
      onEmpty: "sync",
      onDelete: "skip",
      oneWay: true,
      metadata: ["color", "displayname"],
    });
  });

  test.each([
    ['"all"', { kind: "all" }],
    ['"from b"', { kind: "from", side: "b" }],
  ])("collections = %s", async (value, spec) => {
    const file = await writeConfig(pair(`collections = ${value}`));
    expect((await loadConfig(file, definitions, env)).pairs.get("cal")?.collections).toEqual(spec);
  });

  test.each([
    ['"keep a"', { kind: "keep", side: "a" }],
    ['"keep b"', { kind: "keep", side: "b" }],
    ['"ask"', { kind: "ask" }],
    ['"merge"', { kind: "merge", fallback: { kind: "report" } }],
    ['"merge"\nmerge_fallback = "keep b"', { kind: "merge", fallback: { kind: "keep", side: "b" } }],
    [
      '"merge"\nmerge_fallback = { cmd = ["meld"] }',
      { kind: "merge", fallback: { kind: "command", argv: ["meld"] } },
    ],
  ])("conflict_resolution = %s", async (value, policy) => {
    const file = await writeConfig(pair('collections = "all"', `conflict_resolution = ${value}`));
    expect((await loadConfig(file, definitions, env)).pairs.get("cal")?.conflictResolution).toEqual(policy);
  });

  test("an empty file is a valid config with nothing in it", async () => {
    const config = await loadConfig(await writeConfig(""), definitions, env);
    expect(config.storages.size).toBe(0);
    expect(config.pairs.size).toBe(0);
  });

  test("keeps a secret as configured, unresolved", async () => {
    const file = await writeConfig(storages + 'password = { cmd = ["pass", "show", "dav"] }');
    const config = await loadConfig(file, definitions, env);
    expect(config.storages.get("cal_file")?.config.password).toEqual({ cmd: ["pass", "show", "dav"] });
  });
});

describe("status_path", () => {
  const statusPathFor = async (value: string | undefined, environment: NodeJS.ProcessEnv) => {
    const text = value === undefined ? "" : `[general]\nstatus_path = ${JSON.stringify(value)}`;
    return (await loadConfig(await writeConfig(text), definitions, environment)).statusPath;
  };

  test("defaults to $XDG_DATA_HOME/concord", async () => {
    expect(await statusPathFor(undefined, { HOME: "/home/user", XDG_DATA_HOME: "/data" })).toBe(
      "/data/concord",
    );
  });

  test("ignores a relative $XDG_DATA_HOME, as the XDG spec asks", async () => {
    expect(await statusPathFor(undefined, { HOME: "/home/user", XDG_DATA_HOME: "data" })).toBe(
      "/home/user/.local/share/concord",
    );
  });

  test("expands ~ and $VARS", async () => {
    expect(await statusPathFor("~/state", { HOME: "/home/user" })).toBe("/home/user/state");
    expect(await statusPathFor("${STATE}/concord", { STATE: "/var/lib" })).toBe("/var/lib/concord");
  });

  test("takes a relative path from the config file's folder", async () => {
    expect(await statusPathFor("status", env)).toBe(join(folder, "status"));
  });
});

test("storage paths expand ~ and $VARS from the environment given", async () => {
  const file = await writeConfig(storages.replace('"/tmp/export.ics"', '"${EXPORTS}/export.ics"'));
  const config = await loadConfig(file, definitions, { HOME: "/home/someone", EXPORTS: "/srv" });
  expect(config.storages.get("cal_local")?.config.path).toBe("/home/someone/.calendars");
  expect(config.storages.get("cal_file")?.config.path).toBe("/srv/export.ics");
});

test("relative storage paths are taken from the config file's folder", async () => {
  const file = await writeConfig(storages.replace('path = "~/.calendars"', 'path = "cals"'));
  const config = await loadConfig(file, definitions, env);
  expect(config.storages.get("cal_local")?.config.path).toBe(join(dirname(file), "cals"));
});
