import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { onlyXmlChars } from "./testing/xml-char.js";
import { xmlText } from "./xml-text.js";

async function textOf(parts: (string | Uint8Array)[], sliceLength?: number): Promise<string[]> {
  async function* source() {
    yield* parts;
  }
  const slices: string[] = [];
  for await (const slice of xmlText(source(), sliceLength)) slices.push(slice);
  return slices;
}

describe("xmlText", () => {
  it("decodes UTF-8 cut anywhere, the same as decoding it whole", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme" }), fc.array(fc.nat()), async (text, cuts) => {
        const bytes = new TextEncoder().encode(text);
        const offsets = [
          0,
          ...cuts.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b),
          bytes.length,
        ];
        const pieces = offsets.slice(1).map((end, i) => bytes.subarray(offsets[i], end));
        expect((await textOf(pieces)).join("")).toBe(onlyXmlChars(text));
      }),
    );
  });

  it("drops the control characters XML forbids, keeping tab, CR and LF", async () => {
    expect(await textOf(["a\u0000b\u0001\u0008\u000b\u000c\u000e\u001f\t\r\n\u007f\uFFFEc\uFFFF"])).toEqual([
      "ab\t\r\n\u007fc",
    ]);
  });

  it("turns malformed bytes into U+FFFD rather than failing", async () => {
    expect(await textOf([new Uint8Array([0x61, 0xff, 0x62, 0xc3])])).toEqual(["a\uFFFDb", "\uFFFD"]);
  });

  it("cuts long text into slices of the given length", async () => {
    expect(await textOf(["abcdefg", "hi"], 3)).toEqual(["abc", "def", "g", "hi"]);
  });

  it("joins a pair of surrogate references into one, wherever the answer is cut", async () => {
    const answer = "<d>Work &#55357;&#56508; &#xD83C;&#xDF89; &#233;</d>";
    for (let cut = 0; cut <= answer.length; cut++) {
      const text = (await textOf([answer.slice(0, cut), answer.slice(cut)])).join("");
      expect(text).toBe("<d>Work &#128188; &#127881; &#233;</d>");
    }
  });
});
