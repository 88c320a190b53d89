import { describe, expect, it } from "vitest";
import { excerpt } from "./excerpt.js";
import { bareUrl, hideSecrets } from "./redact.js";

describe("bareUrl", () => {
  it("drops userinfo and fragment and keeps the rest", () => {
    expect(bareUrl(new URL("https://me:pw@dav.example.com:8443/cal/?a=1#x")).href).toBe(
      "https://dav.example.com:8443/cal/?a=1",
    );
  });
});

describe("hideSecrets", () => {
  it("replaces every occurrence of every secret", () => {
    expect(hideSecrets("pw and pw, tok", ["pw", "tok", ""])).toBe("*** and ***, ***");
  });

  it("replaces secrets percent-encoded in URLs too", () => {
    expect(hideSecrets("https://h/?p=a%2Fb%3Fc and a/b?c", ["a/b?c"])).toBe("https://h/?p=*** and ***");
  });
});

describe("excerpt", () => {
  it("strips control characters and folds white space", () => {
    expect(excerpt("<h1>Bad\x1b[31m request</h1>\r\n\t\x00 body\x7f")).toBe("<h1>Bad [31m request</h1> body");
  });

  it("cuts to 200 characters", () => {
    const cut = excerpt("é".repeat(500));
    expect(Array.from(cut)).toHaveLength(200);
    expect(cut.endsWith("…")).toBe(true);
    expect(excerpt("short")).toBe("short");
  });
});
