import { describe, expect, it } from "vitest";
import { type HttpProblem, httpError } from "./http-error.js";
import { FingerprintMismatchError } from "./tls.js";

const exchange = { method: "PROPFIND", url: "https://dav.example.com/cal/" };
const status = (code: number, extra: Partial<Extract<HttpProblem, { kind: "status" }>> = {}) =>
  httpError(exchange, { kind: "status", status: code, credentialsSent: true, ...extra });
const network = (code: string, extra: object = {}) =>
  httpError(exchange, {
    kind: "network",
    cause: Object.assign(new Error(`boom ${code}`), { code }),
    timeoutMs: 30_000,
    ...extra,
  });

describe("httpError", () => {
  it.each([
    [401, "AuthError"],
    [403, "InvalidDataError"],
    [404, "NotFoundError"],
    [410, "NotFoundError"],
    [412, "PreconditionFailedError"],
    [429, "RateLimitedError"],
    [503, "RateLimitedError"],
    [500, "TransientError"],
    [502, "TransientError"],
    [504, "TransientError"],
    [507, "InvalidDataError"],
    [400, "InvalidDataError"],
    [409, "InvalidDataError"],
    [415, "InvalidDataError"],
    [302, "InvalidDataError"],
  ])("maps %i to %s, naming the method and the URL", (code, name) => {
    const error = status(code);
    expect(error.code).toBe(name);
    expect(error.message).toContain(`PROPFIND https://dav.example.com/cal/: ${code}`);
  });

  it("treats 403 without credentials as a refusal of the request, not of the login", () => {
    expect(status(403, { credentialsSent: false }).code).toBe("InvalidDataError");
  });

  it("tells what to check after a 401", () => {
    expect(status(401).message).toMatch(/check username\/password$/);
    expect(status(401, { authHint: "no credentials configured" }).message).toMatch(
      /no credentials configured$/,
    );
  });

  it("carries Retry-After and the number of attempts", () => {
    const error = status(429, { retryAfterMs: 120_000, attempts: 5 });
    expect(error.data).toEqual({ url: exchange.url, retryAfterMs: 120_000 });
    expect(error.message).toBe(
      "PROPFIND https://dav.example.com/cal/: 429 Too Many Requests; the server asks to wait 120 s (after 5 attempts)",
    );
  });

  it("quotes the error page of a 4xx or 5xx", () => {
    expect(status(400, { excerpt: "no such property" }).message).toBe(
      "PROPFIND https://dav.example.com/cal/: 400 Bad Request: no such property",
    );
  });

  it.each([
    ["ECONNRESET", "TransientError", /ECONNRESET/],
    ["ECONNREFUSED", "TransientError", /ECONNREFUSED/],
    ["UND_ERR_SOCKET", "TransientError", /UND_ERR_SOCKET/],
    ["HPE_INVALID_CONSTANT", "TransientError", /HPE_INVALID_CONSTANT/],
    ["UND_ERR_HEADERS_TIMEOUT", "TransientError", /no answer within 30 s/],
    ["UND_ERR_BODY_TIMEOUT", "TransientError", /stalled for more than 30 s/],
    ["UND_ERR_CONNECT_TIMEOUT", "TransientError", /no connection within 30 s/],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "ConfigError", /TLS failed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "ConfigError", /set tls_ca for a private CA, tls_fingerprint/],
    ["UND_ERR_INVALID_ARG", "InternalError", /this is a bug in concord/],
  ])("maps the network failure %s to %s", (code, name, message) => {
    const error = network(code);
    expect(error.code).toBe(name);
    expect(error.message).toMatch(message);
    expect(error.message).toContain("PROPFIND https://dav.example.com/cal/");
  });

  it("names both fingerprints when the pinned certificate is not the one presented", () => {
    const cause = new FingerprintMismatchError("ab".repeat(32), "cd".repeat(32));
    const error = httpError(exchange, { kind: "network", cause, timeoutMs: 1 });
    expect(error.code).toBe("ConfigError");
    expect(error.message).toContain(
      `fingerprint ${Array(32).fill("CD").join(":")}, not the pinned ${Array(32).fill("AB").join(":")}`,
    );
  });

  it("words bodies over the cap and refused redirects", () => {
    expect(httpError(exchange, { kind: "too-large", limitBytes: 64 * 1024 * 1024 }).message).toBe(
      "PROPFIND https://dav.example.com/cal/: the answer is larger than 64 MiB, cut off",
    );
    const refused = httpError(exchange, { kind: "redirect", reason: "more than 5 redirects" });
    expect(refused.code).toBe("InvalidDataError");
    expect(refused.message).toBe("PROPFIND https://dav.example.com/cal/: more than 5 redirects");
  });
});
