import { describe, expect, it } from "vitest";
import * as formats from "./index.js";

describe("formats", () => {
  it("exports exactly its public API", () => {
    expect(Object.keys(formats).sort()).toEqual([
      "describeItem",
      "diffContentLines",
      "joinCollection",
      "mergeItem",
      "normalisedHash",
      "ownCopy",
      "parseComponents",
      "parseContentLine",
      "readContentLines",
      "splitCollection",
    ]);
  });
});
