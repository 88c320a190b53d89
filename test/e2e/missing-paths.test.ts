/** A local path that does not exist (most often a typo) is pointed out, and starts no new tree. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
});
afterEach(() => ws.dispose());

describe("concord check", () => {
  it("warns about each local path that does not exist, and exits 0 for warnings alone", async () => {
    ws.write("cals/work/.keep", "");
    ws.config(`[storage.typo]
type = "vdir"
path = "${ws.path("clas")}"
fileext = ".ics"

[storage.present]
type = "vdir"
path = "${ws.path("cals")}"
fileext = ".ics"

[storage.file]
type = "singlefile"
path = "${ws.path("export/calendar.ics")}"

[storage.pattern]
type = "singlefile"
path = "${ws.path("exports/%s.ics")}"
`);
    const result = await ws.run("check");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `${ws.path("config.toml")}: valid, 4 storages, 0 pairs`,
        "typo (vdir): ok, 0 collections",
        "present (vdir): ok, 1 collection",
        "file (singlefile): ok, 0 collections",
        "pattern (singlefile): ok, 0 collections",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toBe(
      [
        `typo (vdir): warning: folder ${ws.path("clas")} does not exist (a mistyped path?)`,
        `file (singlefile): warning: file ${ws.path("export/calendar.ics")} does not exist (a mistyped path?)`,
        `pattern (singlefile): warning: folder ${ws.path("exports")} does not exist (a mistyped path?)`,
        "",
      ].join("\n"),
    );
  });

  it("names the missing paths in --json", async () => {
    ws.config(`[storage.typo]
type = "vdir"
path = "${ws.path("clas")}"
fileext = ".ics"
`);
    const result = await ws.run("check", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      storages: [{ storage: "typo", missing: { kind: "folder", path: ws.path("clas") } }],
    });
  });
});

describe("a single file that does not exist, synchronised into a vdir", () => {
  beforeEach(() => {
    ws.config(`[storage.file]
type = "singlefile"
path = "${ws.path("export/calendar.ics")}"

[storage.folder]
type = "vdir"
path = "${ws.path("vdir")}"
fileext = ".ics"

[pair.p]
a = "file"
b = "folder"
collections = "from a"
`);
  });

  it.each([["sync"], ["sync", "--dry-run"]])(
    "creates no empty collection on the other side, and says the file is missing: %s",
    async (...args) => {
      const result = await ws.run(...args);
      expect(result).toEqual({
        code: 0,
        stdout: "",
        stderr: `p: no collection to synchronise: file ${ws.path("export/calendar.ics")} of storage file does not exist\n`,
      });
      expect(ws.list("")).toEqual(args.includes("--dry-run") ? ["config.toml"] : ["config.toml", "status"]);
    },
  );

  it("once the file is there, it is synchronised as usual", async () => {
    await ws.run("sync");
    ws.write(
      "export/calendar.ics",
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:one@x\r\nDTSTART:20260301T100000Z\r\nSUMMARY:One\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    expect(await ws.run("sync")).toEqual({
      code: 0,
      stdout: "p/calendar: collection created in b, created 1 in b\n",
      stderr: "",
    });
  });
});
