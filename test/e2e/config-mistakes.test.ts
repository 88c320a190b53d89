/** Mistakes in the config, as a user meets them through the CLI: all reported at once, nothing done. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

describe("a path naming an unset variable", () => {
  beforeEach(() => {
    // Relative, so that a concord reading it as "state//status" writes into the workspace, not "/".
    ws.write(
      "config.toml",
      `[general]
status_path = "state/$NO_SUCH_VAR/status"

${ws.vdirPairTables("p", "a", "b")}`,
    );
  });

  it.each([["check"], ["sync", "--dry-run"], ["sync"]])(
    "is a config error naming the file, the key and the variable: %s",
    async (...args) => {
      const result = await ws.run(...args);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr: `concord: ${ws.path("config.toml")}: general.status_path: expected a path whose variables are set, got "state/$NO_SUCH_VAR/status" ($NO_SUCH_VAR is not set)\n`,
      });
      expect(ws.list("")).toEqual(["config.toml"]);
    },
  );
});

it("a table with an unknown type is reported with its other mistakes, and the other tables' ones", async () => {
  ws.config(`[storage.a]
type = "vdri"
path = "$NO_SUCH_VAR/a"
fileextt = ".ics"

[storage.b]
type = "vdir"
path = "${ws.path("b")}"
fileext = "i c s"

[pair.p]
a = "a"
b = "b"
collections = "al"
`);
  const file = ws.path("config.toml");
  expect(await ws.run("check")).toEqual({
    code: 2,
    stdout: "",
    stderr: [
      `concord: ${file}: storage.a.type: expected "caldav", "carddav", "files", "imap", "maildir", "relay", "singlefile", "vdir" or "webcal", got "vdri" (did you mean "vdir"?)`,
      `${file}: storage.a.path: expected a path whose variables are set, got "$NO_SUCH_VAR/a" ($NO_SUCH_VAR is not set)`,
      `${file}: storage.a.fileextt: unknown key (did you mean "fileext"?)`,
      `${file}: storage.b.fileext: expected a file extension such as ".ics" or ".vcf", got "i c s"`,
      `${file}: pair.p.collections: expected "all", "from a", "from b" or a list of collection names and { a = "...", b = "..." } tables, got "al" (did you mean "all"?)`,
      "",
    ].join("\n"),
  });
});
