import { describe, expect, it } from "vitest";
import { withLfLineEnds } from "./line-ends.js";

async function converted(...chunks: string[]): Promise<string> {
  async function* source() {
    for (const chunk of chunks) yield new TextEncoder().encode(chunk);
  }
  let text = "";
  for await (const chunk of withLfLineEnds(source())) text += new TextDecoder().decode(chunk);
  return text;
}

describe("withLfLineEnds", () => {
  it("makes every CRLF an LF and leaves LF and a lone CR alone", async () => {
    expect(await converted("a\r\nb\nc\rd\r\n")).toBe("a\nb\nc\rd\n");
  });

  it("joins a CRLF split between chunks, whatever the chunks", async () => {
    expect(await converted("a\r", "\nb")).toBe("a\nb");
    expect(await converted("a\r", "", "\nb")).toBe("a\nb");
    expect(await converted("\r", "\n", "\r", "\n")).toBe("\n\n");
    expect(await converted("a\r", "b\r")).toBe("a\rb\r");
    expect(await converted("a\r\r", "\n")).toBe("a\r\n");
  });

  it("gives a chunk without CR as it is", async () => {
    const chunk = new TextEncoder().encode("plain\n");
    async function* source() {
      yield chunk;
    }
    const out: Uint8Array[] = [];
    for await (const piece of withLfLineEnds(source())) out.push(piece);
    expect(out).toHaveLength(1);
    expect(out[0]?.buffer).toBe(chunk.buffer);
  });
});
