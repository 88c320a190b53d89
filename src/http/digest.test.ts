import { describe, expect, it } from "vitest";
import { parseChallenges } from "./challenge.js";
import { DigestSession, DigestSessions, digestResponse, pickDigestChallenge } from "./digest.js";

// RFC 7616 §3.9.1.
const rfcExample = {
  username: "Mufasa",
  password: "Circle of Life",
  realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  method: "GET",
  uri: "/dir/index.html",
  qop: { nc: "00000001", cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ" },
};

const pick = (header: string) => pickDigestChallenge(parseChallenges(header));

describe("digestResponse", () => {
  it("matches the RFC 7616 examples for MD5 and SHA-256", () => {
    expect(digestResponse({ ...rfcExample, algorithm: "MD5" })).toBe("8ca523f5e9506fed4657c9700eebdbec");
    expect(digestResponse({ ...rfcExample, algorithm: "SHA-256" })).toBe(
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
  });

  it("matches the RFC 2069 example without qop", () => {
    // The example of RFC 2069 §2.4, with the response its errata corrected.
    const response = digestResponse({
      algorithm: "MD5",
      username: "Mufasa",
      password: "CircleOfLife",
      realm: "testrealm@host.com",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      method: "GET",
      uri: "/dir/index.html",
    });
    expect(response).toBe("1949323746fe6a43ef61f9606e7febea");
  });
});

describe("pickDigestChallenge", () => {
  it("prefers SHA-256 and reads stale", () => {
    const challenge = pick(
      'Digest realm="r", nonce="n1", qop="auth", algorithm=MD5, Digest realm="r", nonce="n2", qop="auth", algorithm=SHA-256, stale=true',
    );
    expect(challenge).toMatchObject({ nonce: "n2", algorithm: "SHA-256", qop: "auth", stale: true });
  });

  it("defaults to MD5 and knows servers without qop", () => {
    expect(pick('Digest realm="r", nonce="n", opaque="o"')).toEqual({
      realm: "r",
      nonce: "n",
      opaque: "o",
      algorithm: "MD5",
      stale: false,
    });
  });

  it("declines what it cannot answer", () => {
    expect(pick('Digest realm="r", nonce="n", qop="auth-int"')).toBeUndefined();
    expect(pick('Digest realm="r", nonce="n", algorithm=SHA-512-256')).toBeUndefined();
    expect(pick('Digest realm="r"')).toBeUndefined();
    expect(pick('Basic realm="r"')).toBeUndefined();
  });
});

describe("DigestSession", () => {
  const fieldsOf = (header: string) => parseChallenges(header)[0]!.params;

  it("counts the uses of its nonce, and a new session counts afresh", () => {
    const challenge = pick('Digest realm="r", nonce="n", qop="auth", opaque="o", algorithm=SHA-256')!;
    const session = new DigestSession(challenge);
    const first = fieldsOf(session.authorization("PROPFIND", "/cal/", "me", "pw"));
    const second = fieldsOf(session.authorization("PROPFIND", "/cal/", "me", "pw"));
    expect(first.get("nc")).toBe("00000001");
    expect(second.get("nc")).toBe("00000002");
    expect(first.get("cnonce")).not.toBe(second.get("cnonce"));
    expect(fieldsOf(new DigestSession(challenge).authorization("GET", "/", "me", "pw")).get("nc")).toBe(
      "00000001",
    );
  });

  it("sends a response the server can check", () => {
    const challenge = pick('Digest realm="r", nonce="n", qop="auth", opaque="o"')!;
    const header = new DigestSession(challenge).authorization("REPORT", "/cal/?x=1", 'm"e', "pw");
    const fields = fieldsOf(header);
    expect(header.startsWith("Digest ")).toBe(true);
    expect(Object.fromEntries(fields)).toMatchObject({
      username: 'm"e',
      uri: "/cal/?x=1",
      opaque: "o",
      qop: "auth",
    });
    const expected = digestResponse({
      algorithm: "MD5",
      username: 'm"e',
      password: "pw",
      realm: "r",
      nonce: "n",
      method: "REPORT",
      uri: "/cal/?x=1",
      qop: { nc: fields.get("nc")!, cnonce: fields.get("cnonce")! },
    });
    expect(fields.get("response")).toBe(expected);
  });
});

describe("DigestSessions", () => {
  it("keeps counting a nonce met again, and lets only a new nonce become current", () => {
    const sessions = new DigestSessions();
    const nc = () =>
      parseChallenges(sessions.current!.authorization("GET", "/", "me", "pw"))[0]!.params.get("nc");
    sessions.add(pick('Digest realm="r", nonce="one", qop="auth"')!);
    expect(nc()).toBe("00000001");
    sessions.add(pick('Digest realm="r", nonce="one", qop="auth"')!);
    expect(nc()).toBe("00000002");
    sessions.add(pick('Digest realm="r", nonce="two", qop="auth", stale=true')!);
    expect(nc()).toBe("00000001");
    sessions.add(pick('Digest realm="r", nonce="one", qop="auth", stale=true')!);
    expect(sessions.current?.challenge.nonce).toBe("two");
  });
});
