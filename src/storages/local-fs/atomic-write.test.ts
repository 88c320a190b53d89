import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNew, writeFileAtomic, writeTemp } from "./atomic-write.js";
import { fingerprint } from "./fingerprint.js";

const bytes = (text: string) => new TextEncoder().encode(text);

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "concord-atomic-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("createNew", () => {
  it("takes the first free name, leaves existing files alone and no temp file behind", async () => {
    await writeFile(join(folder, "a.ics"), "theirs");
    const published = await createNew(folder, ["a.ics", "a-2.ics"], bytes("ours"));
    expect(published?.name).toBe("a-2.ics");
    expect(await readFile(join(folder, "a.ics"), "utf8")).toBe("theirs");
    expect(await readFile(join(folder, "a-2.ics"), "utf8")).toBe("ours");
    expect((await readdir(folder)).sort()).toEqual(["a-2.ics", "a.ics"]);
  });

  it("answers undefined when every name is taken", async () => {
    await writeFile(join(folder, "a.ics"), "theirs");
    expect(await createNew(folder, ["a.ics"], bytes("ours"))).toBeUndefined();
    expect(await readdir(folder)).toEqual(["a.ics"]);
  });

  it("returns the fingerprint the published file has", async () => {
    const published = await createNew(folder, ["a.ics"], bytes("ours"));
    expect(published?.version).toBe(await fingerprint(join(folder, "a.ics")));
  });
});

describe("writeTemp", () => {
  it("writes a hidden file", async () => {
    const temp = await writeTemp(folder, bytes("x"));
    expect(temp.path.startsWith(join(folder, "."))).toBe(true);
    expect(await readFile(temp.path, "utf8")).toBe("x");
  });
});

describe("writeFileAtomic", () => {
  it("replaces the content and leaves no temp file", async () => {
    await writeFile(join(folder, "color"), "#000000");
    await writeFileAtomic(join(folder, "color"), bytes("#ffffff"));
    expect(await readFile(join(folder, "color"), "utf8")).toBe("#ffffff");
    expect(await readdir(folder)).toEqual(["color"]);
  });
});
