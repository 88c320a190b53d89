import { describe, expect, it } from "vitest";
import { inParallel } from "./in-parallel.js";

describe("inParallel", () => {
  it("runs every input, never more than the limit at once, yielding as work completes", async () => {
    let running = 0;
    let highest = 0;
    const inputs = Array.from({ length: 50 }, (_, index) => index);
    const results: number[] = [];
    for await (const result of inParallel(inputs, 4, async (input) => {
      running++;
      highest = Math.max(highest, running);
      // Later inputs finish sooner, so completion order differs from input order.
      await new Promise((resolve) => setTimeout(resolve, 50 - input));
      running--;
      return input * 2;
    })) {
      results.push(result);
    }
    expect(highest).toBe(4);
    expect(results).not.toEqual(inputs.map((input) => input * 2));
    expect([...results].sort((a, b) => a - b)).toEqual(inputs.map((input) => input * 2));
  });

  it("yields nothing for no inputs", async () => {
    for await (const _ of inParallel([], 4, async () => 1)) throw new Error("yielded");
  });
});
