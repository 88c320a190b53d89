import { describe, expect, it } from "vitest";
import { parseChallenges } from "./challenge.js";

const simplify = (header: string | string[]) =>
  parseChallenges(header).map(({ scheme, params, token68 }) => ({
    scheme,
    params: Object.fromEntries(params),
    ...(token68 === undefined ? {} : { token68 }),
  }));

describe("parseChallenges", () => {
  it("reads one challenge", () => {
    expect(simplify('Basic realm="Radicale - Password Required"')).toEqual([
      { scheme: "basic", params: { realm: "Radicale - Password Required" } },
    ]);
  });

  it("reads several challenges in one header, parameters with commas inside quotes", () => {
    expect(
      simplify(
        'Digest realm="dav", qop="auth,auth-int", nonce="a,b", algorithm=SHA-256, stale=TRUE, Basic realm="x"',
      ),
    ).toEqual([
      {
        scheme: "digest",
        params: { realm: "dav", qop: "auth,auth-int", nonce: "a,b", algorithm: "SHA-256", stale: "TRUE" },
      },
      { scheme: "basic", params: { realm: "x" } },
    ]);
  });

  it("reads several headers, schemes in any case", () => {
    expect(simplify(["DIGEST nonce=n", "basic Realm=r"])).toEqual([
      { scheme: "digest", params: { nonce: "n" } },
      { scheme: "basic", params: { realm: "r" } },
    ]);
  });

  it("reads token68 challenges, padding included", () => {
    expect(simplify("Negotiate abc==, Basic, NTLM")).toEqual([
      { scheme: "negotiate", params: {}, token68: "abc==" },
      { scheme: "basic", params: {} },
      { scheme: "ntlm", params: {} },
    ]);
  });

  it("unescapes quoted strings", () => {
    expect(simplify('Basic realm="say \\"hi\\" \\\\ there"')[0]?.params).toEqual({
      realm: 'say "hi" \\ there',
    });
  });

  it("survives garbage", () => {
    for (const garbage of ["", ',,=,"', '="x"', 'Basic realm="unterminated', "Digest =, a=, =b"]) {
      expect(() => parseChallenges(garbage)).not.toThrow();
    }
    expect(parseChallenges(undefined)).toEqual([]);
  });
});
