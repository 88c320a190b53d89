/** Symbolic links, modes and modification times, and names that cannot cross. */
import { execFileSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync, utimesSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clean, fileMode, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

describe("symbolic links", () => {
  it("are copied as links with their targets verbatim, never followed, dangling ones too", async () => {
    ws.write("a/docs/target.txt", "inside\n");
    symlinkSync("docs/target.txt", ws.path("a/inside"));
    symlinkSync("/etc/hostname", ws.path("a/outside"));
    symlinkSync("../nowhere/missing.txt", ws.path("a/docs/dangling"));
    symlinkSync("docs", ws.path("a/folder-link"));
    symlinkSync("/etc", ws.path("b/etc-link"));
    const first = await ws.run("sync");
    expect(first).toEqual({ code: 0, stdout: "p/root: created 1 in a, created 5 in b\n", stderr: "" });
    for (const [path, target] of [
      ["inside", "docs/target.txt"],
      ["outside", "/etc/hostname"],
      ["docs/dangling", "../nowhere/missing.txt"],
      ["folder-link", "docs"],
    ]) {
      expect(lstatSync(ws.path("b", path as string)).isSymbolicLink(), path).toBe(true);
      expect(readlinkSync(ws.path("b", path as string))).toBe(target);
    }
    expect(lstatSync(ws.path("a/etc-link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(ws.path("a/etc-link"))).toBe("/etc");
    expect(ws.tree("a")).toEqual(ws.tree("b"));
    expect(ws.list("b")).toEqual([".concord-id", "docs", "etc-link", "folder-link", "inside", "outside"]);

    // A link's new target crosses as a new link; the file it pointed to is not touched.
    execFileSync("ln", ["-sfn", "elsewhere.txt", ws.path("b/inside")]);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "p/root: updated 1 in a\n", stderr: "" });
    expect(readlinkSync(ws.path("a/inside"))).toBe("elsewhere.txt");
    expect(ws.read("a/docs/target.txt")).toBe("inside\n");
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("modes and modification times", () => {
  it("carry the executable bit and the mtime, and a chmod alone without rewriting the file", async () => {
    ws.write("a/bin/run.sh", "#!/bin/sh\necho hi\n");
    chmodSync(ws.path("a/bin/run.sh"), 0o755);
    ws.write("a/private.txt", "mine\n");
    chmodSync(ws.path("a/private.txt"), 0o600);
    ws.write("a/old.txt", "old\n");
    const then = new Date("2020-01-02T03:04:05.678Z");
    utimesSync(ws.path("a/old.txt"), then, then);
    clean(await ws.run("sync"));
    expect(statSync(ws.path("b/bin/run.sh")).mode & 0o7777).toBe(0o755);
    expect(statSync(ws.path("b/private.txt")).mode & 0o7777).toBe(0o600);
    expect(execFileSync(ws.path("b/bin/run.sh"), { encoding: "utf8" })).toBe("hi\n");
    expect(statSync(ws.path("b/old.txt")).mtime.toISOString()).toBe(then.toISOString());
    const aTimes = statSync(ws.path("a/bin/run.sh"), { bigint: true });
    const bTimes = statSync(ws.path("b/bin/run.sh"), { bigint: true });
    expect(bTimes.mtimeNs / 1000n).toBe(aTimes.mtimeNs / 1000n); // to the microsecond

    const inodes = ws.inodes("a");
    chmodSync(ws.path("b/old.txt"), 0o640);
    chmodSync(ws.path("b/bin/run.sh"), 0o700);
    const later = new Date("2021-05-06T07:08:09Z");
    utimesSync(ws.path("b/private.txt"), later, later);
    const result = await ws.run("sync");
    expect(result).toEqual({ code: 0, stdout: "p/root: set the attributes of 3 in a\n", stderr: "" });
    expect(statSync(ws.path("a/old.txt")).mode & 0o7777).toBe(0o640);
    expect(statSync(ws.path("a/bin/run.sh")).mode & 0o7777).toBe(0o700);
    expect(statSync(ws.path("a/private.txt")).mtime.toISOString()).toBe(later.toISOString());
    expect(statSync(ws.path("a/old.txt")).mtime.toISOString()).toBe(then.toISOString());
    expect(ws.inodes("a")).toEqual(inodes);
    expect(ws.tree("a")).toEqual(ws.tree("b"));
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("an edit keeps the executable bit of the side it lands on", async () => {
    ws.write("a/tool", "#!/bin/sh\n");
    chmodSync(ws.path("a/tool"), 0o755);
    clean(await ws.run("sync"));
    ws.write("b/tool", "#!/bin/sh\necho edited\n"); // writeFile keeps the mode
    clean(await ws.run("sync"));
    expect(statSync(ws.path("a/tool")).mode & 0o7777).toBe(0o755);
    expect(ws.read("a/tool")).toBe("#!/bin/sh\necho edited\n");
  });
});

describe("odd names", () => {
  it("carries spaces and Unicode, and reports twins, control characters and FIFOs, syncing the rest", async () => {
    ws.write("a/with space/file name .txt", "spaces\n");
    ws.write("a/日本語/naïve café.txt", "unicode\n");
    ws.write("a/twins/caf\u00e9.txt", "NFC\n");
    ws.write("a/twins/cafe\u0301.txt", "NFD\n");
    ws.write("a/twins/other.txt", "no twin\n");
    ws.write("a/bad\nname.txt", "newline\n");
    ws.write("a/ok.txt", "fine\n");
    mkdirSync(ws.path("a/pipes"));
    execFileSync("mkfifo", [ws.path("a/pipes/fifo")]);

    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("p/root: created 4 in b\n");
    const root = ws.path("a");
    expect(result.stderr.split("\n").sort()).toEqual(
      [
        "",
        `p/root: left out ${JSON.stringify(`${root}/bad\nname.txt`)}: its name holds a control character`,
        `p/root: left out ${root}/pipes/fifo: a named pipe, not a file, folder or link`,
        `p/root: left out ${root}/twins/caf\u00e9.txt: its name differs from "cafe\u0301.txt" only in case or Unicode normalisation`,
        `p/root: left out ${root}/twins/cafe\u0301.txt: its name differs from "caf\u00e9.txt" only in case or Unicode normalisation`,
      ].sort(),
    );
    expect(ws.tree("b")).toEqual({
      "ok.txt": `${fileMode} fine\n`,
      "twins/": expect.any(String),
      "twins/other.txt": `${fileMode} no twin\n`,
      "with space/": expect.any(String),
      "with space/file name .txt": `${fileMode} spaces\n`,
      "日本語/": expect.any(String),
      "日本語/naïve café.txt": `${fileMode} unicode\n`,
    });
    // The FIFO is never opened (that would hang the run) nor copied; a folder holding only
    // what is left out is not an empty folder to copy either.
    expect(ws.list("b")).not.toContain("pipes");
    const again = await ws.run("sync");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("");
  });
});
