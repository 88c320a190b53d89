import type * as fs from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createNew } from "./atomic-write.js";
import { fingerprint } from "./fingerprint.js";

// A file system without hard links, such as FAT on a USB stick.
const linkSync = vi.hoisted(() =>
  vi.fn(() => {
    throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
  }),
);
vi.mock("node:fs", async (importOriginal) => {
  const original = await importOriginal<typeof fs>();
  return { ...original, linkSync, default: { ...original, linkSync } };
});

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "concord-no-links-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("createNew without hard links", () => {
  it("creates exclusively, never replacing, and reports the real fingerprint", async () => {
    await writeFile(join(folder, "a.ics"), "theirs");
    const published = await createNew(folder, ["a.ics", "a-2.ics"], new TextEncoder().encode("ours"));
    expect(linkSync).toHaveBeenCalledTimes(1);
    expect(published?.name).toBe("a-2.ics");
    expect(published?.version).toBe(await fingerprint(join(folder, "a-2.ics")));
    expect(await readFile(join(folder, "a.ics"), "utf8")).toBe("theirs");
    expect((await readdir(folder)).sort()).toEqual(["a-2.ics", "a.ics"]);
  });
});
