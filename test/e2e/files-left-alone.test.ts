/**
 * What a files storage leaves out of its listing is left alone on both sides: a name that
 * differs from another only in case, and a path that became ignored, are never read as deleted.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
beforeEach(() => {
  ws = new TreeWorkspace();
});
afterEach(() => ws.dispose());

describe("files left out of a listing", () => {
  it("a case twin appearing beside a synchronised file deletes nothing on the other side", async () => {
    ws.write("a/docs/Readme", "the original\n");
    ws.write("a/other.txt", "keeps side a from looking emptied\n");
    expect((await ws.run("sync")).code).toBe(0);
    expect(ws.read("b/docs/Readme")).toBe("the original\n");

    ws.write("a/docs/README", "a twin\n");
    const run = await ws.run("sync");
    expect(run.stderr).toContain("only in case");
    expect(ws.list("b/docs")).toEqual(["Readme"]);
    expect(ws.read("b/docs/Readme")).toBe("the original\n");
  });

  it("a path that becomes ignored on one side is kept on both", async () => {
    ws.write("a/notes.txt", "notes\n");
    ws.write("a/build.log", "log\n");
    expect((await ws.run("sync")).code).toBe(0);
    expect(ws.list("b")).toEqual(expect.arrayContaining(["build.log", "notes.txt"]));

    ws.write("a/.concordignore", "*.log\n");
    ws.write("b/fresh.log", "made in b\n");
    const run = await ws.run("sync");
    expect(run.code).toBe(0);
    expect(ws.read("b/build.log")).toBe("log\n");
    expect(ws.read("a/build.log")).toBe("log\n");
    expect(ws.list("a")).not.toContain("fresh.log");
  });
});
