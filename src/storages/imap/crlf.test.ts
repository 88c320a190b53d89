import { describe, expect, it } from "vitest";
import type { Body } from "../../contract/index.js";
import { readWithCrlf } from "./crlf.js";

const streamed = (...chunks: string[]): Body => ({
  async *open() {
    for (const chunk of chunks) yield new TextEncoder().encode(chunk);
  },
});

describe("readWithCrlf", () => {
  it.each([
    [["a\nb\n"], "a\r\nb\r\n"],
    [["a\r\nb\r\n"], "a\r\nb\r\n"],
    [["a\r", "\nb\n"], "a\r\nb\r\n"],
    [["a", "\n", "\n"], "a\r\n\r\n"],
    [["\n"], "\r\n"],
    [["no end"], "no end"],
    [["", "x\n"], "x\r\n"],
    [["bare\rcr\n"], "bare\rcr\r\n"],
  ])("turns %j into %j", async (chunks, expected) => {
    expect((await readWithCrlf(streamed(...chunks))).toString("latin1")).toBe(expected);
  });
});
