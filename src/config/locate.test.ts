import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError } from "../errors/index.js";
import { chooseConfigFile, locateConfig } from "./locate.js";

describe("chooseConfigFile", () => {
  const env = { HOME: "/home/user", CONCORD_CONFIG: "/etc/concord.toml", XDG_CONFIG_HOME: "/xdg" };

  test("the -c argument comes first, taken from the working folder", () => {
    expect(chooseConfigFile({ argument: "my.toml", env, cwd: "/work" })).toEqual({
      file: "/work/my.toml",
      chosenBy: "given with -c",
    });
  });

  test("then $CONCORD_CONFIG, with ~ expanded", () => {
    expect(chooseConfigFile({ env, cwd: "/work" }).file).toBe("/etc/concord.toml");
    expect(chooseConfigFile({ env: { ...env, CONCORD_CONFIG: "~/c.toml" } })).toEqual({
      file: "/home/user/c.toml",
      chosenBy: "given by $CONCORD_CONFIG",
    });
  });

  test("$CONCORD_CONFIG naming a variable that is not set is refused, not read as a path without it", () => {
    expect(() => chooseConfigFile({ env: { ...env, CONCORD_CONFIG: "$CONFIGS/concord.toml" } })).toThrow(
      new ConfigError(
        "$CONFIGS/concord.toml: cannot use this config file: $CONFIGS is not set (given by $CONCORD_CONFIG)",
        { file: "$CONFIGS/concord.toml" },
      ),
    );
  });

  test("then $XDG_CONFIG_HOME/concord/config.toml", () => {
    expect(chooseConfigFile({ env: { ...env, CONCORD_CONFIG: "" } }).file).toBe("/xdg/concord/config.toml");
  });

  test("and ~/.config/concord/config.toml without XDG_CONFIG_HOME", () => {
    expect(chooseConfigFile({ env: { HOME: "/home/user" } })).toEqual({
      file: "/home/user/.config/concord/config.toml",
      chosenBy: "the default location, as neither -c nor $CONCORD_CONFIG is set",
    });
  });
});

describe("locateConfig", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "concord-locate-"));
    await mkdir(join(folder, "concord"));
    await writeFile(join(folder, "concord", "config.toml"), "");
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test("returns an existing file", async () => {
    await expect(locateConfig({ env: { XDG_CONFIG_HOME: folder } })).resolves.toEqual({
      file: join(folder, "concord", "config.toml"),
      chosenBy: "the default location, as neither -c nor $CONCORD_CONFIG is set",
    });
  });

  test("a missing file: which one, and how it was chosen", async () => {
    const file = join(folder, "absent.toml");
    await expect(locateConfig({ env: { CONCORD_CONFIG: file } })).rejects.toThrow(
      new ConfigError(`${file}: cannot use this config file: no such file (given by $CONCORD_CONFIG)`, {
        file,
      }),
    );
  });

  test("a folder instead of a file", async () => {
    await expect(locateConfig({ argument: folder })).rejects.toThrow(
      `${folder}: cannot use this config file: it is a folder, not a file (given with -c)`,
    );
  });
});
