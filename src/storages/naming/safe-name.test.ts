import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberedNames, safeName } from "./safe-name.js";

const safeShape = /^[A-Za-z0-9_+@-][A-Za-z0-9_.+@-]{0,159}$/;
const windowsDevice = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

describe("safeName", () => {
  it.each(["abc@example.com", "040000008200E00074C5B7101A82E008", "a.b+c_d-e", "x".repeat(160)])(
    "keeps the readable name %s as it is",
    (name) => expect(safeName(name)).toBe(name),
  );

  it.each([
    "../../x",
    "/etc/passwd",
    "a\u0000b",
    "tab\there",
    "back\\slash",
    ".hidden",
    "..",
    ".",
    "",
    "x".repeat(1000),
    "Zürich",
    "CON",
    "nul.txt",
    "{0A1B-2C3D}",
  ])("rewrites %j into one visible, short segment with a hash", (name) => {
    const safe = safeName(name);
    expect(safe).toMatch(safeShape);
    expect(safe).toMatch(/-[0-9a-f]{12}$/);
    expect(`${safe}.ics`).not.toMatch(windowsDevice);
  });

  it("gives different names to names that differ only in unsafe characters", () => {
    const names = ["a/b", "a\\b", "a b", "a_b", "a:b"].map(safeName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("always gives a safe name, the same one for the same input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (name) => {
        expect(safeName(name)).toMatch(safeShape);
        expect(`${safeName(name)}.ics`).not.toMatch(windowsDevice);
        expect(safeName(name)).toBe(safeName(name));
      }),
    );
  });
});

describe("numberedNames", () => {
  it("starts with the name itself, then counts, and stops at the limit", () => {
    expect([...numberedNames("uid", ".ics", 4)]).toEqual(["uid.ics", "uid-2.ics", "uid-3.ics", "uid-4.ics"]);
  });
});
