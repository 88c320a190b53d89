import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Body, bytesBody } from "../contract/index.js";
import { reconcileAttributes } from "../engine/attributes.js";
import { flagAttributes, flagsOf, messageModel } from "./message.js";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A body that streams its bytes in the given pieces, never all at once. */
function chunked(bytes: Uint8Array, cuts: number[]): Body {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((x, y) => x - y);
  return {
    size: bytes.length,
    async *open() {
      let start = 0;
      for (const point of [...points, bytes.length]) {
        if (point > start) yield bytes.subarray(start, point);
        start = Math.max(start, point);
      }
    },
  };
}

describe("the message model", () => {
  it("hashes a message with CRLF and with LF line ends alike, however it is cut into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", " ", "\r") }), { maxLength: 8 }),
        fc.array(fc.nat(200), { maxLength: 6 }),
        async (raw, cuts) => {
          // A line ending in CR would make a CRLF of its own when joined with LF.
          const lines = raw.map((line) => line.replace(/\r+$/, ""));
          const lf = encode(lines.join("\n"));
          const crlf = encode(lines.join("\r\n"));
          const [plain, streamed] = await Promise.all([
            messageModel.describe(bytesBody(lf), "1" as never),
            messageModel.describe(chunked(crlf, cuts), "1" as never),
          ]);
          expect(streamed.hash).toBe(plain.hash);
        },
      ),
    );
  });

  it("tells apart a lone CR from a line end", async () => {
    const lone = await messageModel.describe(bytesBody(encode("a\rb")), "1" as never);
    const line = await messageModel.describe(bytesBody(encode("a\nb")), "1" as never);
    expect(lone.hash).not.toBe(line.hash);
  });

  it("takes the Subject, unfolded, as the title and stops at the headers' end", async () => {
    const message = "From: a@example.org\r\nSubject: Lunch\r\n on Friday\r\n\r\nSubject: not this\r\n";
    expect((await messageModel.describe(bytesBody(encode(message)), "1" as never)).title).toBe(
      "Lunch on Friday",
    );
    const none = await messageModel.describe(bytesBody(encode("From: a\n\nSubject: body\n")), "1" as never);
    expect(none.title).toBeUndefined();
  });

  it("spells system flags one way, keeps keywords and drops \\Recent", () => {
    expect(flagsOf(flagAttributes(["\\SEEN", "\\recent", "$Forwarded", "\\flagged"]))).toEqual([
      "$Forwarded",
      "\\Flagged",
      "\\Seen",
    ]);
  });

  it("merges flags one by one: one side sets a flag, the other clears another", () => {
    const base = flagAttributes(["\\Seen", "\\Flagged"]);
    const set = reconcileAttributes(
      messageModel,
      { a: base, b: base },
      { a: flagAttributes(["\\Seen", "\\Flagged", "\\Answered"]), b: flagAttributes(["\\Seen"]) },
    );
    expect(flagsOf(set.a)).toEqual(["\\Answered", "\\Seen"]);
    expect(flagsOf(set.b)).toEqual(["\\Answered", "\\Seen"]);
  });
});
