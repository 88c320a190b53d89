import { describe, expect, it } from "vitest";
import { storageDefinitions } from "../storages/index.js";
import { pollInterval } from "./poll-interval.js";

/** What a caldav storage's definition says its table's interval means. */
const caldav = (interval: number): number => {
  const config = { type: "caldav", read_only: false, url: "https://dav.example.com/", interval };
  const seconds = storageDefinitions.get("caldav")?.pollSeconds?.(config);
  if (seconds === undefined) throw new Error("caldav storages are polled");
  return seconds;
};

describe("pollInterval", () => {
  it("is undefined when no side is polled", () => {
    expect(pollInterval([], 1_000)).toBeUndefined();
  });

  it("is the shortest interval of the polled sides", () => {
    expect(pollInterval([caldav(600), caldav(60)], undefined)).toBe(60_000);
  });

  it("gives way to the override", () => {
    expect(pollInterval([caldav(600)], 2_000)).toBe(2_000);
  });
});
