import { describe, expect, it } from "vitest";
import { imapConfigSchema, isLoopback } from "./config.js";

const base = { type: "imap", host: "imap.example.com", username: "me@example.com" };

describe("imap config", () => {
  it("takes a password or an OAuth 2.0 token command, exactly one", () => {
    expect(imapConfigSchema.safeParse({ ...base, password: "x" }).success).toBe(true);
    expect(imapConfigSchema.safeParse({ ...base, oauth2: { token_cmd: ["token"] } }).success).toBe(true);
    expect(imapConfigSchema.safeParse(base).success).toBe(false);
    expect(
      imapConfigSchema.safeParse({ ...base, password: "x", oauth2: { token_cmd: ["token"] } }).success,
    ).toBe(false);
  });

  it("refuses a connection without TLS except to this machine", () => {
    const none = { ...base, password: "x", security: "none" };
    expect(imapConfigSchema.safeParse(none).error?.issues[0]?.path).toEqual(["security"]);
    expect(imapConfigSchema.safeParse({ ...none, host: "127.0.0.1" }).success).toBe(true);
  });

  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["[::1]", true],
    ["127.example.com", false],
    ["10.0.0.1", false],
  ])("%s is loopback: %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
