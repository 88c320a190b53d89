import { describe, expect, it } from "vitest";
import { unambiguousItemName } from "./quirks.js";

describe("unambiguousItemName", () => {
  it("keeps names of unreserved characters as safeName gives them", () => {
    expect(unambiguousItemName("event-1.2_x")).toBe("event-1.2_x");
    expect(unambiguousItemName("with space")).toMatch(/^with_space-[0-9a-f]{12}$/);
  });

  it("gives names with @ or + a name every server spells alike, kept apart by a hash", () => {
    const at = unambiguousItemName("uid@example.com");
    const plus = unambiguousItemName("uid+example.com");
    expect(at).toMatch(/^uid_example\.com-[0-9a-f]{12}$/);
    expect(plus).toMatch(/^uid_example\.com-[0-9a-f]{12}$/);
    expect(at).not.toBe(plus);
    for (const name of [at, plus]) expect(encodeURIComponent(name)).toBe(name);
  });

  it("gives the same name for the same input", () => {
    expect(unambiguousItemName("a@b")).toBe(unambiguousItemName("a@b"));
  });
});
