import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidDataError } from "../../../errors/index.js";
import { isInside, memberName, normalisePath, resolveHref } from "./href.js";

const collection = "https://dav.example.com/cal/user%40example.com/work/";

describe("resolveHref", () => {
  it.each([
    ["/cal/a.ics", "https://dav.example.com/cal/a.ics"],
    ["a.ics", "https://dav.example.com/cal/user%40example.com/work/a.ics"],
    ["  /cal/a.ics\n ", "https://dav.example.com/cal/a.ics"],
    ["https://other.example.org/x/a.ics", "https://other.example.org/x/a.ics"],
    ["//other.example.org/x/", "https://other.example.org/x/"],
    ["a:b.vcf", "https://dav.example.com/cal/user%40example.com/work/a:b.vcf"],
    ["local::2::48.ics", "https://dav.example.com/cal/user%40example.com/work/local::2::48.ics"],
    ["/cal/my event.ics", "https://dav.example.com/cal/my%20event.ics"],
    ["/cal/ä 😀.ics", "https://dav.example.com/cal/%C3%A4%20%F0%9F%98%80.ics"],
    ["/cal/a\\b.ics", "https://dav.example.com/cal/a%5Cb.ics"],
    ["/cal/x/../a.ics", "https://dav.example.com/cal/a.ics"],
    ["/cal/a%2Fb.ics", "https://dav.example.com/cal/a%2Fb.ics"],
  ])("resolves %j", (href, expected) => {
    expect(resolveHref(collection, href).href).toBe(expected);
  });

  it("refuses an href no URL can be made of, naming the base", () => {
    expect(() => resolveHref(collection, "http://[broken/")).toThrow(InvalidDataError);
    expect(() => resolveHref(collection, "http://[broken/")).toThrow(collection);
  });
});

describe("normalisePath", () => {
  it.each([
    ["/cal/user%40example.com/", "/cal/user@example.com/"],
    ["/cal/%C3%A4.ics", "/cal/ä.ics"],
    ["/cal/%c3%a4.ics", "/cal/%C3%A4.ics"],
    ["/cal/a%20b.ics", "/cal/a b.ics"],
    ["/cal/a+b.ics", "/cal/a%2Bb.ics"],
    ["/cal/%F0%9F%98%80", "/cal/😀"],
    ["/cal/%7Euser/a%3Db%3Bc.ics", "/cal/~user/a=b;c.ics"],
  ])("spells %j and %j alike", (one, other) => {
    expect(normalisePath(one)).toBe(normalisePath(other));
  });

  it.each([
    ["/cal/a%2Fb.ics", "/cal/a/b.ics"],
    ["/cal/a%253D.eml", "/cal/a%3D.eml"],
    ["/cal/a.ics", "/cal/A.ics"],
    ["/cal/a%3Fb", "/cal/a"],
  ])("keeps %j and %j apart", (one, other) => {
    expect(normalisePath(one)).not.toBe(normalisePath(other));
  });

  it("writes a canonical form: pchar literal, the rest upper-case escapes", () => {
    expect(normalisePath("/a b/%c3%a4/%40/%2f/%zz/ü/x?")).toBe("/a%20b/%C3%A4/@/%2F/%25zz/%C3%BC/x%3F");
    expect(normalisePath("/cal/%FF%FE.ics")).toBe("/cal/%FF%FE.ics");
  });

  it("is idempotent, and agrees with how a URL parser encodes names", () => {
    // Characters a URL parser treats as structure (or drops) are left to the cases above.
    const segment = fc
      .string({ unit: "grapheme", maxLength: 8 })
      .filter((name) => !/[/\\?#%\t\n\r]/.test(name) && name !== "." && name !== "..");
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), (segments) => {
        const path = `/p/${segments.join("/")}/end`;
        const once = normalisePath(path);
        expect(normalisePath(once)).toBe(once);
        expect(normalisePath(new URL(path, "https://x.example/").pathname)).toBe(once);
      }),
    );
  });
});

describe("memberName and isInside", () => {
  it.each([
    ["a.ics", "a.ics"],
    ["/cal/user@example.com/work/a.ics", "a.ics"],
    ["/cal/user%40example.com/work/b%40c.ics", "b@c.ics"],
    ["https://DAV.example.com:443/cal/user@example.com/work/a.ics", "a.ics"],
    ["my event.ics", "my event.ics"],
    ["a+b.ics", "a+b.ics"],
    ["%C3%A4%F0%9F%98%80.vcf", "ä😀.vcf"],
    ["a%2Fb.ics", "a/b.ics"],
    ["sub/", "sub"],
    ["%FF.ics", "%FF.ics"],
  ])("finds the member %j named %j", (href, name) => {
    expect(memberName(collection, href)).toBe(name);
    expect(isInside(collection, href)).toBe(true);
  });

  it.each([
    ["the collection itself", "/cal/user@example.com/work/"],
    ["the collection without its slash", "/cal/user@example.com/work"],
    ["a member of a member", "/cal/user@example.com/work/sub/a.ics"],
    ["a sibling collection", "/cal/user@example.com/work2/a.ics"],
    ["a parent", "/cal/user@example.com/"],
    ["another host", "https://evil.example.org/cal/user@example.com/work/a.ics"],
    ["another scheme", "http://dav.example.com/cal/user@example.com/work/a.ics"],
    ["another port", "https://dav.example.com:8443/cal/user@example.com/work/a.ics"],
    ["a way out with ..", "/cal/user@example.com/work/../other/a.ics"],
    ["an encoded ..", "/cal/user@example.com/work/%2e%2e"],
    ["an encoded .. behind an encoded slash", "/cal/user@example.com/work/..%2Fsecret.ics"],
    ["an encoded . behind an encoded backslash", "/cal/user@example.com/work/a%5C.%5Cb"],
    ["an empty segment", "/cal/user@example.com/work//"],
  ])("refuses %s", (_, href) => {
    expect(memberName(collection, href)).toBeUndefined();
    expect(isInside(collection, href)).toBe(false);
  });

  it("accepts a collection URL given without its trailing slash, and URL objects", () => {
    const item = new URL("https://dav.example.com/cal/user%40example.com/work/a.ics");
    expect(memberName("https://dav.example.com/cal/user@example.com/work", item)).toBe("a.ics");
  });
});
