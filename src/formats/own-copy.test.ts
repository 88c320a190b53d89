import { describe, expect, it } from "vitest";
import { ownCopy } from "./own-copy.js";

describe("ownCopy", () => {
  it.each(["", "bench-1@concord.example", "grüße-ä 🎉", '"etag-with-quotes"'])(
    "gives back %j unchanged",
    (text) => {
      expect(ownCopy(text)).toBe(text);
    },
  );
});
