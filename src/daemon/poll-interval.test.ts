import { describe, expect, it } from "vitest";
import type { ConfiguredStorage } from "../config/index.js";
import { storageDefinitions } from "../storages/index.js";
import { pollInterval } from "./poll-interval.js";

const caldav = (interval: number): ConfiguredStorage => ({
  name: `every-${interval}`,
  definition: storageDefinitions.get("caldav")!,
  config: { type: "caldav", read_only: false, url: "https://dav.example.com/", interval },
});

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
