import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pairSchema } from "../config/schema.js";
import type { PairReport } from "../engine/report.js";
import type { ConcordError } from "../errors/index.js";
import { TransientError } from "../errors/index.js";
import { PairSchedule, type SyncEvent } from "./scheduler.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const pair = { name: "p", ...pairSchema.parse({ a: "x", b: "y", collections: "all" }) };

/** A schedule of a pair with no watched side, whose syncs answer `outcome()`. */
function schedule(pollMs: number | undefined, outcome: () => ConcordError | undefined = () => undefined) {
  const events: SyncEvent[] = [];
  const schedule = new PairSchedule({
    pair,
    only: undefined,
    watched: [],
    pollMs,
    debounce: { quietMs: 10, maxMs: 100 },
    backoff: { baseMs: 1_000, capMs: 8_000 },
    sync: async (): Promise<PairReport> => ({ pair: "p", collections: [], error: outcome() }),
    onEvent: (event) => events.push(event),
  });
  return { schedule, events };
}

// An idle daemon must cost nothing: between syncs the only timer a pair may hold is its next
// poll or retry, never one that fires just to look around.
describe("PairSchedule between syncs", () => {
  it("holds no timer when nothing is polled", async () => {
    const { schedule: s, events } = schedule(undefined);
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(events.map((event) => event.reason)).toEqual(["start"]);
    expect(vi.getTimerCount()).toBe(0);
    await s.stop();
  });

  it("holds one timer, the next poll, when a side is polled", async () => {
    const { schedule: s, events } = schedule(60_000);
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.map((event) => event.reason)).toEqual(["start", "poll"]);
    expect(vi.getTimerCount()).toBe(1);
    await s.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("holds only the retry after a failure, and polls again once a retry succeeds", async () => {
    let failing = true;
    const { schedule: s, events } = schedule(60_000, () =>
      failing ? new TransientError("server down", {}) : undefined,
    );
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(events.map((event) => event.retryInMs)).toEqual([1_000]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events.map((event) => event.retryInMs)).toEqual([1_000, 2_000]);
    failing = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(events.map((event) => [event.reason, event.retryInMs])).toEqual([
      ["start", 1_000],
      ["retry", 2_000],
      ["retry", undefined],
    ]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.at(-1)?.reason).toBe("poll");
    await s.stop();
  });
});
