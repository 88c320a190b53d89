/**
 * A server that misbehaves: every failure is a clear error naming the URL and what was wrong,
 * the well-behaved collection of the same pair still synchronises, nothing is written outside
 * the vdir, and the password appears nowhere in the output.
 */
import { readdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type HostileServer, type Misbehaviour, startHostileServer } from "../support/hostile-dav.js";
import { freePort } from "../support/servers/port.js";
import { Workspace } from "../support/workspace.js";

let server: HostileServer;
let ws: Workspace;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(() => server?.stop());
beforeEach(() => {
  ws = new Workspace();
  ws.davPair({ type: "caldav", server, collections: '"from a"', serverExtra: "timeout = 1" });
});
afterEach(() => ws.dispose());

const cases: [Misbehaviour, RegExp][] = [
  [
    "malformed-xml",
    /http:\/\/127\.0\.0\.1:\d+\/u\/cal\/bad\/: the answer is not well-formed XML \(line 1, column \d+: unclosed tag: oops\)/,
  ],
  [
    "200-instead-of-207",
    /REPORT http:\/\/127\.0\.0\.1:\d+\/u\/cal\/bad\/: 200 OK: not an answer concord expected here/,
  ],
  [
    "huge-body",
    /http:\/\/127\.0\.0\.1:\d+\/u\/cal\/bad\/: more than \d+ characters of text or markup in one piece/,
  ],
  ["hang", /REPORT http:\/\/127\.0\.0\.1:\d+\/u\/cal\/bad\/: the answer stalled/],
];

describe("a hostile DAV server", () => {
  it.each(cases)(
    "%s: a clear error for the bad collection, the good one synced",
    { timeout: 60_000 },
    async (mode, message) => {
      server.misbehave(mode);
      const result = await ws.run("sync");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^p\/bad: error: /m);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("p/good: collection created in b, created 1 in b\n");
      expect(ws.list("local/good")).toHaveLength(1);
      expect(`${result.stdout}${result.stderr}`).not.toContain(server.password);
      expect(readdirSync(ws.enclosure)).toEqual(["workspace"]);
    },
  );

  it("ignores hrefs outside the collection and keeps hostile UIDs inside the vdir", async () => {
    server.misbehave("hrefs-outside");
    const result = await ws.run("sync");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const names = ws.list("local/bad");
    expect(names).toHaveLength(1);
    expect(names[0]).not.toContain("/");
    expect(ws.read(`local/bad/${names[0]}`)).toContain("UID:../../escaped-uid");
    expect(ws.list("")).toEqual(["config.toml", "local", "status"]);
  });
});

describe("a server that refuses calendar-query", () => {
  it("is read by PROPFIND and multiget instead", async () => {
    server.misbehave("refuses-query");
    const result = await ws.run("sync");
    expect(result.stderr).toBe("");
    expect(ws.list("local/good")).toHaveLength(1);
    expect(ws.read(`local/bad/${ws.list("local/bad")[0]}`)).toContain("UID:../../escaped-uid");
  });
});

describe("a server that is not there", () => {
  it("is named with the reason, not taken for a server without calendars", async () => {
    const absent = {
      url: `http://127.0.0.1:${await freePort()}/`,
      username: "u",
      password: "S3cret-Pa55word",
    };
    const local = new Workspace();
    try {
      local.davPair({ type: "caldav", server: absent, collections: '"from a"', serverExtra: "timeout = 1" });
      const result = await local.run("sync");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`PROPFIND ${absent.url}: .*ECONNREFUSED`));
      expect(result.stderr).not.toContain("found no calendar home");
      expect(result.stderr).not.toContain(absent.password);
    } finally {
      local.dispose();
    }
  });
});
