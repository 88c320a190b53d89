import { describe, expect, it } from "vitest";
import { ConcurrencyLimit } from "./concurrency-limit.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("ConcurrencyLimit", () => {
  it("lets `size` holders in, and the others in order as places come back", async () => {
    const limit = new ConcurrencyLimit(2);
    const entered: string[] = [];
    const enter = (name: string) => limit.acquire().then((release) => (entered.push(name), release));
    const first = await enter("first");
    const second = await enter("second");
    const third = enter("third");
    const fourth = enter("fourth");
    await settle();
    expect(entered).toEqual(["first", "second"]);
    first();
    first(); // a second release of the same place frees nothing
    await settle();
    expect(entered).toEqual(["first", "second", "third"]);
    second();
    await settle();
    expect(entered).toEqual(["first", "second", "third", "fourth"]);
    (await third)();
    (await fourth)();
    await Promise.all([enter("fifth"), enter("sixth")]);
  });
});
