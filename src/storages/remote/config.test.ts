import { describe, expect, test } from "vitest";
import { parseConfig } from "../../config/index.js";
import { ConfigError } from "../../errors/index.js";
import { storageDefinitions } from "../index.js";

/** A config with one storage table of `type` holding `lines`, and a vdir to pair it with. */
const configWith = (type: string, ...lines: string[]): string =>
  [
    "[storage.remote]",
    `type = "${type}"`,
    'url = "https://dav.example.com/"',
    ...lines,
    "[storage.local]",
    'type = "vdir"',
    'path = "/tmp/cal"',
    `fileext = "${type === "carddav" ? ".vcf" : ".ics"}"`,
    "[pair.cal]",
    'a = "remote"',
    'b = "local"',
    'collections = "all"',
  ].join("\n");

const parse = (text: string) => parseConfig("/etc/concord.toml", text, storageDefinitions, {});

describe.each(["caldav", "carddav", "webcal"])("the interval of a %s storage", (type) => {
  test("is 300 seconds unless the table says otherwise", () => {
    expect(parse(configWith(type)).storages.get("remote")?.config.interval).toBe(300);
    expect(parse(configWith(type, "interval = 60")).storages.get("remote")?.config.interval).toBe(60);
  });

  test.each([
    ["0", "expected at least 1, got 0"],
    ["1.5", "expected a whole number of seconds, got 1.5"],
    ['"5m"', 'expected a number, got "5m"'],
  ])("interval = %s is refused with the file, the key and what was expected", (value, expected) => {
    let thrown: unknown;
    try {
      parse(configWith(type, `interval = ${value}`));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toBe(`/etc/concord.toml: storage.remote.interval: ${expected}`);
  });
});
