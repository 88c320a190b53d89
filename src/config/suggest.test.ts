import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { editDistance, nearest } from "./suggest.js";

describe("editDistance", () => {
  test.each([
    ["", "", 0],
    ["abc", "", 3],
    ["fileext", "fileextt", 1],
    ["vdir", "vdri", 1],
    ["kitten", "sitting", 3],
    ["keep c", "keep a", 1],
    ["ca", "abc", 3],
  ])("%s → %s: %d", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  test("is symmetric, zero only between equal strings, and at most the longer length", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const distance = editDistance(a, b);
        expect(editDistance(b, a)).toBe(distance);
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe("nearest", () => {
  const keys = ["path", "fileext", "read_only", "type"];

  test("suggests a close candidate", () => {
    expect(nearest("fileextt", keys)).toBe("fileext");
    expect(nearest("readonly", keys)).toBe("read_only");
    expect(nearest("TYPE", keys)).toBe("type");
  });

  test("suggests nothing when every candidate is far", () => {
    expect(nearest("colour", keys)).toBeUndefined();
    expect(nearest("url", keys)).toBeUndefined();
  });

  test("prefers the nearest, then the first", () => {
    expect(nearest("from c", ["all", "from a", "from b"])).toBe("from a");
    expect(nearest("pathh", ["paths", "path"])).toBe("paths");
  });
});
