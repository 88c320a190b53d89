import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError } from "../errors/index.js";
import { resolveSecret } from "./secrets.js";

const key = "storage.dav.password";
/** A command that runs `script` in this same Node. */
const node = (script: string) => ({ cmd: [process.execPath, "-e", script] });

describe("resolveSecret", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "concord-secret-"));
    await writeFile(join(folder, "password"), "  hunter2 \n");
    await writeFile(join(folder, "blank"), "\n");
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test("an inline secret is itself", async () => {
    await expect(resolveSecret("hunter2", key)).resolves.toBe("hunter2");
  });

  describe("{ cmd }", () => {
    test("takes the first line of the output", async () => {
      const secret = node('process.stdout.write("hunter2\\r\\nsecond line\\n")');
      await expect(resolveSecret(secret, key)).resolves.toBe("hunter2");
    });

    test("passes arguments as they are, without a shell", async () => {
      const secret = { cmd: [process.execPath, "-e", "console.log(process.argv[1])", "$HOME; echo *"] };
      await expect(resolveSecret(secret, key)).resolves.toBe("$HOME; echo *");
    });

    test("a failure names the key, the command and the status, never the output", async () => {
      const secret = node('console.log("hunter2"); console.error("hunter2"); process.exit(3)');
      const error = await resolveSecret(secret, key).catch((error: unknown) => error);
      expect(error).toEqual(
        new ConfigError(`${key}: command ${JSON.stringify(process.execPath)} exited with status 3`, { key }),
      );
      expect(JSON.stringify(error)).not.toContain("hunter2");
      expect((error as Error).cause).toBeUndefined();
    });

    test("a command that does not exist", async () => {
      await expect(resolveSecret({ cmd: ["concord-no-such-command"] }, key)).rejects.toThrow(
        `${key}: command "concord-no-such-command" was not found`,
      );
    });

    test("a command that prints nothing", async () => {
      await expect(resolveSecret(node(""), key)).rejects.toThrow(
        `${key}: command ${JSON.stringify(process.execPath)} printed an empty first line`,
      );
    });
  });

  describe("{ file }", () => {
    test("reads the file and trims it", async () => {
      await expect(resolveSecret({ file: join(folder, "password") }, key)).resolves.toBe("hunter2");
    });

    test("expands ~ in the path", async () => {
      await expect(resolveSecret({ file: "~/password" }, key, { HOME: folder })).resolves.toBe("hunter2");
    });

    test("a path naming a variable that is not set", async () => {
      await expect(resolveSecret({ file: "$SECRETS/password" }, key, { HOME: folder })).rejects.toThrow(
        `${key}: cannot read secret file "$SECRETS/password": $SECRETS is not set`,
      );
    });

    test("a missing file", async () => {
      const file = join(folder, "absent");
      await expect(resolveSecret({ file }, key)).rejects.toThrow(
        `${key}: cannot read secret file ${JSON.stringify(file)}: no such file`,
      );
    });

    test("an empty file", async () => {
      const file = join(folder, "blank");
      await expect(resolveSecret({ file }, key)).rejects.toThrow(
        `${key}: secret file ${JSON.stringify(file)} is empty`,
      );
    });
  });

  describe("{ env }", () => {
    test("reads the variable", async () => {
      await expect(resolveSecret({ env: "DAV_PASSWORD" }, key, { DAV_PASSWORD: "hunter2" })).resolves.toBe(
        "hunter2",
      );
    });

    test("an unset variable", async () => {
      await expect(resolveSecret({ env: "DAV_PASSWORD" }, key, {})).rejects.toThrow(
        new ConfigError(`${key}: environment variable DAV_PASSWORD is not set`, { key }),
      );
    });

    test("an empty variable", async () => {
      await expect(resolveSecret({ env: "DAV_PASSWORD" }, key, { DAV_PASSWORD: "" })).rejects.toThrow(
        `${key}: environment variable DAV_PASSWORD is empty`,
      );
    });
  });
});
