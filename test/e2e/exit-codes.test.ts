/**
 * The exit codes follow one rule, written in `--help` and the README: 0 nothing left to do, 1
 * something left, 2 usage or config error, 128 + the signal's number when stopped early.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { concord, startConcord } from "../support/concord.js";
import { event, itemSummaries, Workspace } from "../support/workspace.js";

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
  ws.vdirPair();
});
afterEach(() => ws.dispose());

/** Code → meaning, from `--help`'s list (a meaning wraps onto indented lines). */
async function helpCodes(): Promise<[string, string][]> {
  const help = (await concord(["--help"])).stdout;
  const list = help.slice(help.indexOf("\nExit codes"));
  const codes: [string, string][] = [];
  for (const line of list.split("\n").slice(2)) {
    const item = /^ {2}(\d+) +(.*)$/.exec(line);
    const last = codes.at(-1);
    if (item) codes.push([item[1] ?? "", item[2] ?? ""]);
    else if (/^ {7}\S/.test(line) && last) last[1] += ` ${line.trim()}`;
  }
  return codes;
}

/** Code → meaning, from the README's table. */
function readmeCodes(): [string, string][] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Exit codes"), readme.indexOf("## How it works"));
  return [...section.matchAll(/^\| (\d+) +\| (.*?) +\|$/gm)].map((row) => [row[1] ?? "", row[2] ?? ""]);
}

describe("exit codes", () => {
  it("--help and the README give the same list", async () => {
    const codes = await helpCodes();
    expect(codes.map(([code]) => code)).toEqual(["0", "1", "2", "130", "141", "143"]);
    expect(readmeCodes()).toEqual(codes);
  });

  it("a dry run exits 0 when the sync would leave all in agreement, 1 when it would leave a conflict", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    expect((await ws.run("sync", "--dry-run")).code).toBe(0);
    await ws.run("sync");
    ws.write("a/cal/one.ics", event("one", "edited in a"));
    ws.write("b/cal/one.ics", event("one", "edited in b"));
    const dry = await ws.run("sync", "--dry-run");
    expect(dry.stdout).toContain("conflict: one");
    expect(dry.code).toBe(1);
    const real = await ws.run("sync");
    expect(real.code).toBe(1);
  });

  it("a dry run whose conflicts a command would settle exits 0", async () => {
    ws.vdirPair(`conflict_resolution = { cmd = ["cp", "--"] }`);
    ws.write("a/cal/one.ics", event("one", "v1"));
    await ws.run("sync");
    ws.write("a/cal/one.ics", event("one", "edited in a"));
    ws.write("b/cal/one.ics", event("one", "edited in b"));
    expect((await ws.run("sync", "--dry-run")).code).toBe(0);
    expect((await ws.run("sync")).code).toBe(0);
    expect(itemSummaries(ws.path("b/cal"))).toEqual({ one: "edited in a" });
  });

  it("sync -i answered no leaves the collection as it was and exits 1; answered yes, 0", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const declined = await ws.runWithInput("n\n", "sync", "-i");
    expect(declined.stderr).toContain(
      "p/cal: the plan is\n  create in b: one (new in a)\nApply it? [y/N] n\n",
    );
    expect(declined.stdout).toBe("p/cal: left as it was (the plan was declined)\n");
    expect(declined.code).toBe(1);
    expect(itemSummaries(ws.path("b/cal"))).toEqual({});

    const accepted = await ws.runWithInput("y\n", "sync", "-i");
    expect(accepted.code).toBe(0);
    expect(itemSummaries(ws.path("b/cal"))).toEqual({ one: "v1" });
  });

  it("sync -i with stdin on /dev/null says there is no one to answer and exits 2", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const result = await ws.runWithInput(null, "sync", "-i");
    expect(result.stderr).toContain(
      'concord: no answers: standard input is not a terminal and gave none. Run "concord sync -i" in a terminal',
    );
    expect(result.code).toBe(2);
    expect(itemSummaries(ws.path("b/cal"))).toEqual({});
  });

  it("an unknown collection is a usage error, as an unknown pair is", async () => {
    ws.write("a/cal/one.ics", event("one", "v1"));
    const collection = await ws.run("sync", "p/nope");
    expect(collection.stderr).toContain("pair p has no collection nope (it has: cal)");
    expect(collection.code).toBe(2);
    const pair = await ws.run("sync", "nope");
    expect(pair.stderr).toContain("no pair named nope (pairs: p)");
    expect(pair.code).toBe(2);

    await ws.run("sync");
    const resolve = await ws.run("resolve", "p/nope");
    expect(resolve.stderr).toContain("pair p has no synchronised collection nope (it has: cal)");
    expect(resolve.code).toBe(2);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s stops a sync after the items in flight, with %d; the next sync does the rest",
    async (signal, code) => {
      for (let n = 0; n < 300; n++) ws.write(`a/cal/${n}.ics`, event(`item-${n}`, "v1"));
      const { child } = startConcord(["-c", ws.path("config.toml"), "sync", "-v"], { input: null });
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        if (stderr === "") child.kill(signal);
        stderr += chunk.toString();
      });
      const exited = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toContain("stopping after the items in flight (press Ctrl-C again to abort at once)");
      expect(exited).toBe(code);

      const rest = await ws.run("sync");
      expect(rest.stderr).toBe("");
      expect(rest.code).toBe(0);
      expect(itemSummaries(ws.path("b/cal"))).toEqual(itemSummaries(ws.path("a/cal")));
      expect(ws.list("b/cal").filter((name) => name.endsWith(".ics"))).toHaveLength(300);
    },
  );
});
