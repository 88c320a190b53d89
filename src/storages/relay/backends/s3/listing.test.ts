import { describe, expect, it } from "vitest";
import { listPage, relayKeyOf } from "./listing.js";
import { parseXml } from "./xml.js";

const page = (inside: string) =>
  parseXml(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inside}</ListBucketResult>`,
    "https://s3/photos/?list-type=2",
  );
const contents = (key: string, size = 3) => `<Contents><Key>${key}</Key><Size>${size}</Size></Contents>`;

describe("listPage", () => {
  it("reads the objects and the token of the next page", () => {
    const first = page(
      `<IsTruncated>true</IsTruncated>${contents("a/b &amp; c")}${contents("a/d", 0)}<NextContinuationToken>t+1/=</NextContinuationToken>`,
    );
    expect(listPage(first, "u")).toEqual({
      objects: [
        { key: "a/b & c", size: 3 },
        { key: "a/d", size: 0 },
      ],
      next: "t+1/=",
    });
    expect(listPage(page(`<IsTruncated>false</IsTruncated>${contents("x")}`), "u")).toEqual({
      objects: [{ key: "x", size: 3 }],
    });
  });

  it("refuses an answer that is no listing, an object without a size, a truncated page without a token", () => {
    const url = "https://s3/photos/?list-type=2";
    expect(() => listPage(parseXml("<Error/>", url), url)).toThrow(
      `${url}: not a listing S3 sends (<Error>)`,
    );
    expect(() => listPage(page("<Contents><Key>x</Key></Contents>"), url)).toThrow(/without key or size/);
    expect(() => listPage(page("<IsTruncated>true</IsTruncated>"), url)).toThrow(
      /without a continuation token/,
    );
    expect(() => parseXml("<ListBucketResult><Contents>", url)).toThrow(
      expect.objectContaining({
        code: "InvalidDataError",
        message: expect.stringContaining(`${url}: the answer is not well-formed XML`),
      }),
    );
  });
});

describe("relayKeyOf", () => {
  const where = "s3://photos/archive/";
  const keyOf = (key: string, asked = "archive/sets/", size = 1) =>
    relayKeyOf({ key, size }, "archive/", asked, where);

  it("makes keys relative to the configured prefix, leaving folder markers out", () => {
    expect(keyOf("archive/sets/home.1")).toBe("sets/home.1");
    expect(keyOf("archive/sets/", "archive/sets/", 0)).toBeUndefined();
    expect(keyOf("archive/", "archive/", 0)).toBeUndefined();
  });

  it("refuses a key outside the prefix asked for, or one that could step out of the relay", () => {
    expect(() => keyOf("archive/blobs/x")).toThrow(
      `${where}: the server listed "archive/blobs/x", which is not under "archive/sets/"`,
    );
    expect(() => keyOf("other/sets/x")).toThrow(/not under/);
    for (const bad of [
      "archive/sets/../../x",
      "archive/sets//x",
      "archive/sets/./x",
      "archive/sets/x\u0001",
    ]) {
      expect(() => keyOf(bad)).toThrow(
        expect.objectContaining({
          code: "InvalidDataError",
          message: expect.stringContaining("refusing the relay key"),
        }),
      );
    }
  });
});
