import { describe, expect, it } from "vitest";
import { type Hop, redirect } from "./redirect.js";

const hop = (method: string, url = "https://dav.example.com/cal/"): Hop => ({
  method,
  url: new URL(url),
  headers: { authorization: "Basic x", cookie: "s=1", "content-type": "application/xml", depth: "1" },
  body: "<propfind/>",
});

const follow = (from: Hop, status: number, location: string | undefined, redirectsSoFar = 0) => {
  const decision = redirect(from, status, location, redirectsSoFar);
  if ("refuse" in decision) throw new Error(decision.refuse);
  return decision.follow;
};

describe("redirect", () => {
  it.each([
    ["PROPFIND", 301, "PROPFIND"],
    ["PROPFIND", 302, "PROPFIND"],
    ["PROPFIND", 303, "PROPFIND"],
    ["REPORT", 303, "REPORT"],
    ["GET", 301, "GET"],
    ["POST", 301, "GET"],
    ["POST", 302, "GET"],
    ["POST", 303, "GET"],
    ["PUT", 303, "GET"],
    ["PUT", 301, "PUT"],
    ["POST", 307, "POST"],
    ["PUT", 308, "PUT"],
  ])("%s after %i becomes %s", (method, status, expected) => {
    expect(follow(hop(method), status, "/elsewhere/").method).toBe(expected);
  });

  it("keeps body and headers with the method on the same origin", () => {
    const next = follow(hop("PROPFIND"), 301, "/dav/cal/");
    expect(next.url.href).toBe("https://dav.example.com/dav/cal/");
    expect(next.body).toBe("<propfind/>");
    expect(next.headers).toEqual(hop("PROPFIND").headers);
  });

  it("drops the body and its headers when the method becomes GET", () => {
    const next = follow(hop("POST"), 303, "/done");
    expect(next.body).toBeUndefined();
    expect(next.headers).toEqual({ authorization: "Basic x", cookie: "s=1", depth: "1" });
  });

  it("never takes credentials to another origin", () => {
    const next = follow(hop("PROPFIND"), 307, "https://other.example.com/cal/");
    expect(next.headers).toEqual({ "content-type": "application/xml", depth: "1" });
    expect(follow(hop("GET"), 301, "https://dav.example.com:8443/").headers.authorization).toBeUndefined();
  });

  it("drops userinfo and fragment from the Location", () => {
    expect(follow(hop("GET"), 302, "https://u:p@dav.example.com/x#y").url.href).toBe(
      "https://dav.example.com/x",
    );
  });

  it("allows http to https, and refuses https to http", () => {
    expect(follow(hop("GET", "http://dav.example.com/"), 301, "https://dav.example.com/").url.protocol).toBe(
      "https:",
    );
    expect(() => follow(hop("GET"), 301, "http://dav.example.com/")).toThrow(/https to plain http/);
  });

  it("refuses a sixth redirect, a missing or unusable Location", () => {
    expect(follow(hop("GET"), 302, "/5", 4).url.pathname).toBe("/5");
    expect(() => follow(hop("GET"), 302, "/6", 5)).toThrow(/more than 5 redirects/);
    expect(() => follow(hop("GET"), 302, undefined)).toThrow(/without a Location/);
    expect(() => follow(hop("GET"), 302, "http://[::1")).toThrow(/invalid Location/);
    expect(() => follow(hop("GET"), 302, "file:///etc/passwd")).toThrow(/file: URL/);
  });
});
