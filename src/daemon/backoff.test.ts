import { describe, expect, it } from "vitest";
import { backoffDelay, backoffForPoll, defaultBackoff } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles from the base and stops at the cap", () => {
    const policy = { baseMs: 1_000, capMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6, 100].map((n) => backoffDelay(n, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });
});

describe("backoffForPoll", () => {
  it("starts at the poll interval when that is shorter than the default base", () => {
    expect(backoffForPoll(1_000)).toEqual({ baseMs: 1_000, capMs: defaultBackoff.capMs });
  });

  it("keeps the default for pairs polled rarely or not at all", () => {
    expect(backoffForPoll(300_000)).toBe(defaultBackoff);
    expect(backoffForPoll(undefined)).toBe(defaultBackoff);
  });
});
