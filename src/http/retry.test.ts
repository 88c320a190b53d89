import { describe, expect, it } from "vitest";
import { backoffDelayMs, isIdempotent, neverReachedServer } from "./retry.js";

describe("isIdempotent", () => {
  it.each([
    ["GET", {}, true],
    ["PROPFIND", {}, true],
    ["REPORT", {}, true],
    ["OPTIONS", {}, true],
    ["PUT", {}, false],
    ["PUT", { "if-match": '"1"' }, true],
    ["PUT", { "if-none-match": "*" }, true],
    ["DELETE", {}, false],
    ["DELETE", { "if-match": '"1"' }, true],
    ["POST", { "if-match": '"1"' }, false],
    ["MKCOL", {}, false],
    ["PROPPATCH", {}, false],
  ])("%s %o: %s", (method, headers, idempotent) => {
    expect(isIdempotent(method, headers)).toBe(idempotent);
  });
});

describe("backoffDelayMs", () => {
  it("doubles, keeps at least half of the full delay, and stops at the cap", () => {
    expect(backoffDelayMs(0, 100, 60_000, () => 0)).toBe(50);
    expect(backoffDelayMs(0, 100, 60_000, () => 1)).toBe(100);
    expect(backoffDelayMs(3, 100, 60_000, () => 0.5)).toBe(600);
    expect(backoffDelayMs(30, 100, 1000, () => 1)).toBe(1000);
  });
});

describe("neverReachedServer", () => {
  it("knows failures before sending, also when wrapped", () => {
    expect(neverReachedServer(Object.assign(new Error(), { code: "ECONNREFUSED" }))).toBe(true);
    expect(
      neverReachedServer(new Error("x", { cause: Object.assign(new Error(), { code: "ENOTFOUND" }) })),
    ).toBe(true);
    expect(neverReachedServer(Object.assign(new Error(), { code: "ECONNRESET" }))).toBe(false);
    expect(neverReachedServer("ECONNREFUSED")).toBe(false);
  });
});
