/** A file changed on both sides of a pair of trees, under each conflict policy. */
import { utimesSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { clean, fileMode, TreeWorkspace } from "../support/trees.js";

let ws: TreeWorkspace;
afterEach(() => ws.dispose());

const older = new Date("2024-01-01T10:00:00Z");
const newer = new Date("2024-06-01T10:00:00Z");

/**
 * Syncs `docs/notes.txt` and `other.txt`, then edits the notes differently on both sides, side
 * `newerSide`'s edit being the later one, and edits other.txt in a alone.
 */
async function conflictOnNotes(pair: string, newerSide: "a" | "b" = "b"): Promise<void> {
  ws = new TreeWorkspace({ pair, names: { a: "laptop", b: "usb_stick" } });
  ws.write("a/docs/notes.txt", "v1\n");
  ws.write("a/other.txt", "v1\n");
  clean(await ws.run("sync"));
  ws.write("a/docs/notes.txt", "edited in a\n");
  ws.write("b/docs/notes.txt", "edited in b, at another length\n");
  utimesSync(ws.path("a/docs/notes.txt"), older, newerSide === "a" ? newer : older);
  utimesSync(ws.path("b/docs/notes.txt"), older, newerSide === "b" ? newer : older);
  ws.write("a/other.txt", "v2\n");
}

describe("a file changed on both sides", () => {
  it("is reported and left untouched on both sides by default (exit 1), the rest synced", async () => {
    await conflictOnNotes("");
    const before = { a: ws.tree("a"), b: ws.tree("b") };
    const result = await ws.run("sync");
    expect(result).toEqual({
      code: 1,
      stdout: "p/root: updated 1 in b, 1 conflict\n",
      stderr:
        'p/root: conflict: docs/notes.txt changed on both sides (a docs/notes.txt, b docs/notes.txt); run "concord resolve"\n',
    });
    expect(ws.tree("a")).toEqual(before.a);
    expect(ws.tree("b")).toEqual({ ...before.b, "other.txt": `${fileMode} v2\n` });
    expect(ws.read("b/docs/notes.txt")).toBe("edited in b, at another length\n");
    // Still there on the next run, still untouched.
    const again = await ws.run("sync");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("conflict: docs/notes.txt changed on both sides");
    expect(ws.read("a/docs/notes.txt")).toBe("edited in a\n");
    expect(ws.read("b/docs/notes.txt")).toBe("edited in b, at another length\n");
  });

  it.each([
    ["b", "laptop", "edited in b, at another length\n", "edited in a\n"],
    ["a", "usb_stick", "edited in a\n", "edited in b, at another length\n"],
  ] as const)(
    "keep both: the newer (%s) keeps the name, the other is kept beside it on both sides, named after %s",
    async (newerSide, olderStorage, newerText, olderText) => {
      await conflictOnNotes('conflict_resolution = "keep both"', newerSide);
      const started = Date.now();
      const result = await ws.run("sync");
      const ended = Date.now();
      expect(result).toEqual({
        code: 0,
        stdout: "p/root: updated 1 in b, kept both versions of 1\n",
        stderr: "",
      });
      for (const side of ["a", "b"]) {
        const names = ws.list(`${side}/docs`);
        expect(names).toHaveLength(2);
        expect(names).toContain("notes.txt");
        const copy = names.find((name) => name !== "notes.txt") as string;
        const stamp = new RegExp(`^notes\\.conflict-${olderStorage}-(\\d{8})-(\\d{6})\\.txt$`).exec(copy);
        expect(stamp, copy).not.toBeNull();
        const [, day, time] = stamp as RegExpExecArray;
        const at = Date.parse(
          `${day?.slice(0, 4)}-${day?.slice(4, 6)}-${day?.slice(6)}T${time?.slice(0, 2)}:${time?.slice(2, 4)}:${time?.slice(4)}Z`,
        );
        expect(at).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
        expect(at).toBeLessThanOrEqual(ended);
        expect(ws.read(`${side}/docs/notes.txt`)).toBe(newerText);
        expect(ws.read(`${side}/docs/${copy}`)).toBe(olderText);
      }
      expect(ws.tree("a")).toEqual(ws.tree("b"));
      expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    },
  );

  it.each([
    ['"newer"', "b", "edited in b, at another length\n"],
    ['"newer"', "a", "edited in a\n"],
    ['"keep a"', "b", "edited in a\n"],
    ['"keep b"', "a", "edited in b, at another length\n"],
  ] as const)(
    "conflict_resolution = %s with %s newer: one version on both sides",
    async (policy, newerSide, want) => {
      await conflictOnNotes(`conflict_resolution = ${policy}`, newerSide);
      const result = await ws.run("sync");
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      for (const side of ["a", "b"]) {
        expect(ws.list(`${side}/docs`)).toEqual(["notes.txt"]);
        expect(ws.read(`${side}/docs/notes.txt`)).toBe(want);
      }
      expect(ws.tree("a")).toEqual(ws.tree("b"));
      expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
    },
  );
});
