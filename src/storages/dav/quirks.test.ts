import { describe, expect, it } from "vitest";
import {
  checkedIfEmpty,
  colourAsWritten,
  colourWithAlpha,
  joinedSurrogateReferences,
  unambiguousItemName,
} from "./quirks.js";

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

describe("colourWithAlpha", () => {
  it("gives opaque colours their alpha", () => {
    expect(colourWithAlpha("#ff8800")).toBe("#ff8800FF");
    expect(colourWithAlpha("#f80")).toBe("#ff8800FF");
  });

  it("leaves colours with alpha, and anything else, as they are", () => {
    for (const colour of ["#ff880080", "red", "", "#ff88"]) expect(colourWithAlpha(colour)).toBe(colour);
  });
});

describe("colourAsWritten", () => {
  it("reads an opaque colour with alpha as the colour without it, the inverse of colourWithAlpha", () => {
    expect(colourAsWritten("#FF8800FF")).toBe("#FF8800");
    expect(colourAsWritten(colourWithAlpha("#ff8800"))).toBe("#ff8800");
  });

  it("keeps colours that are not opaque, and anything else", () => {
    for (const colour of ["#ff880080", "#ff8800", "red", ""]) expect(colourAsWritten(colour)).toBe(colour);
  });
});

describe("checkedIfEmpty", () => {
  async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
  }
  async function* yielding<T>(...items: T[]): AsyncIterable<T> {
    yield* items;
  }

  it("passes a non-empty answer through without rechecking", async () => {
    let rechecked = false;
    const recheck = async () => {
      rechecked = true;
      return ["listed"];
    };
    expect(await collect(checkedIfEmpty(yielding("a", "b"), recheck))).toEqual(["a", "b"]);
    expect(rechecked).toBe(false);
  });

  it("gives what the recheck finds when the answer is empty", async () => {
    expect(await collect(checkedIfEmpty(yielding<string>(), async () => yielding("listed")))).toEqual([
      "listed",
    ]);
    expect(await collect(checkedIfEmpty(yielding<string>(), async () => []))).toEqual([]);
  });
});

describe("joinedSurrogateReferences", () => {
  it("joins the two halves of a character beyond U+FFFF, in decimal or hexadecimal", () => {
    expect(joinedSurrogateReferences("Work &#55357;&#56508;")).toBe("Work &#128188;");
    expect(joinedSurrogateReferences("&#xd83c;&#xDF89;")).toBe("&#127881;");
  });

  it("leaves other references alone", () => {
    for (const text of ["&#233;&#234;", "&#56508;&#55357;", "&amp;&#55357;", "plain"]) {
      expect(joinedSurrogateReferences(text)).toBe(text);
    }
  });
});
