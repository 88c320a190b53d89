import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Debouncer } from "./debounce.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Debouncer", () => {
  it("fires once per burst, with every key of the burst", () => {
    const fired: string[][] = [];
    const debouncer = new Debouncer<string>({ quietMs: 100, maxMs: 1_000 }, (keys) => fired.push([...keys]));
    debouncer.add("a");
    vi.advanceTimersByTime(50);
    debouncer.add("b");
    debouncer.add("a");
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([["a", "b"]]);
  });

  it("fires at the bound when the events never pause", () => {
    let fired = 0;
    const debouncer = new Debouncer<string>({ quietMs: 100, maxMs: 1_000 }, () => fired++);
    for (let t = 0; t < 1_500; t += 50) {
      debouncer.add("a");
      vi.advanceTimersByTime(50);
    }
    expect(fired).toBe(1);
    vi.advanceTimersByTime(100);
    expect(fired).toBe(2);
  });

  it("fires nothing after cancel", () => {
    let fired = 0;
    const debouncer = new Debouncer<string>({ quietMs: 100, maxMs: 1_000 }, () => fired++);
    debouncer.add("a");
    debouncer.cancel();
    vi.advanceTimersByTime(2_000);
    expect(fired).toBe(0);
  });
});
