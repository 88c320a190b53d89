/**
 * `concord resolve` answered from a pipe, from /dev/null and on a pseudo-terminal (util-linux
 * `script`), where Ctrl-D ends the answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { concordOnTerminal, type RunResult } from "../support/concord.js";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
  ws.vdirPair();
});
afterEach(() => ws.dispose());

/** Leaves a conflict pending on each of `uids`: edited on both sides since the last sync. */
async function conflicts(...uids: string[]): Promise<void> {
  for (const uid of uids) ws.write(`a/cal/${uid}.ics`, event(uid, "v1"));
  await ws.run("sync");
  for (const uid of uids) {
    ws.write(`a/cal/${uid}.ics`, event(uid, "edited in a"));
    ws.write(`b/cal/${uid}.ics`, event(uid, "edited in b"));
  }
  expect((await ws.run("sync")).code).toBe(1);
}

const pendingConflicts = async (): Promise<number> =>
  ((await ws.run("status")).stdout.match(/^ {4}conflict: /gm) ?? []).length;

describe("concord resolve without a terminal", () => {
  it("reads answers from a pipe line by line: after an invalid one it asks again and takes the next line", async () => {
    await conflicts("one");
    const result = await ws.runWithInput("x\na\n", "resolve");
    expect(result.stdout).toBe("1 resolved, 0 left pending\n");
    expect(result.code).toBe(0);
    expect(result.stderr.match(/keep \[a\], keep \[b\]/g)).toHaveLength(2);
    expect(itemSummaries(ws.path("a/cal"))).toEqual({ one: "edited in a" });
    expect(itemSummaries(ws.path("b/cal"))).toEqual({ one: "edited in a" });
    expect(await pendingConflicts()).toBe(0);
  });

  it("stops cleanly at the end of the input, counting what is left pending", async () => {
    await conflicts("one", "two", "three");
    const result = await ws.runWithInput("b\n", "resolve");
    expect(result.stdout).toBe("1 resolved, 2 left pending\n");
    expect(result.stderr).toContain('end of input: stopped; run "concord resolve" again');
    expect(result.stderr).not.toContain("bug");
    expect(result.code).toBe(1);
    expect(await pendingConflicts()).toBe(2);
  });

  it("with stdin on /dev/null says there is no one to answer and exits 2", async () => {
    await conflicts("one");
    const result = await ws.runWithInput(null, "resolve");
    expect(result.stderr).toContain(
      'concord: no answers: standard input is not a terminal and gave none. Run "concord resolve" in a terminal, or give one answer a line on its standard input.',
    );
    expect(result.stdout).toBe("0 resolved, 1 left pending\n");
    expect(result.code).toBe(2);
    expect(await pendingConflicts()).toBe(1);
  });

  it("with nothing pending needs no answers", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    await ws.run("sync");
    expect(await ws.runWithInput(null, "resolve")).toEqual({
      code: 0,
      stdout: "0 resolved, 0 left pending\n",
      stderr: "",
    });
  });
});

/** Runs `concord resolve` on a pseudo-terminal (see `concordOnTerminal`). */
const onTerminal = (type: string, prompt: RegExp): Promise<RunResult> =>
  concordOnTerminal(["-c", ws.path("config.toml"), "resolve"], type, prompt);

describe("concord resolve on a terminal", () => {
  it("Ctrl-D at the question stops cleanly, counting what is left pending", async () => {
    await conflicts("one", "two");
    const result = await onTerminal("\x04", /\[s\]kip\? /);
    expect(result.stdout).toContain("0 resolved, 2 left pending");
    expect(result.stdout).not.toContain("bug");
    expect(result.code).toBe(1);
    expect(await pendingConflicts()).toBe(2);
  });

  it("an answer typed at the question is taken", async () => {
    await conflicts("one");
    const result = await onTerminal("b\r", /\[s\]kip\? /);
    expect(result.stdout).toContain("1 resolved, 0 left pending");
    expect(result.code).toBe(0);
    expect(itemSummaries(ws.path("a/cal"))).toEqual({ one: "edited in b" });
  });
});

describe("concord resolve with the version both sides last agreed on", () => {
  const withLine = (line: string) =>
    event("one", "v1").replace("SUMMARY:v1\r\n", `SUMMARY:v1\r\n${line}\r\n`);

  it("shows what each side changed, offers both merged, and writes that to both sides", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    await ws.run("sync");
    ws.write("a/cal/one.ics", withLine("LOCATION:Room 4"));
    ws.write("b/cal/one.ics", withLine("DESCRIPTION:Agenda"));
    expect((await ws.run("sync")).code).toBe(1);

    const result = await ws.runWithInput("m\n", "resolve");
    expect(result.stdout).toBe("1 resolved, 0 left pending\n");
    expect(result.stderr).toContain(
      "  a since the last sync:\n      SUMMARY:v1\n    + LOCATION:Room 4\n      END:VEVENT\n",
    );
    expect(result.stderr).toContain("  b since the last sync:\n");
    expect(result.stderr).toContain("  merged, against a:\n");
    expect(result.stderr).toContain("    + DESCRIPTION:Agenda\n");
    expect(result.stderr).toContain("keep [a], keep [b], take [m]erged, [e]dit both in $EDITOR, or [s]kip? ");
    for (const side of ["a", "b"]) {
      const text = ws.read(`${side}/cal/one.ics`);
      expect(text).toContain("LOCATION:Room 4");
      expect(text).toContain("DESCRIPTION:Agenda");
    }
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
