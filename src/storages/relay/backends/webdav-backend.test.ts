import { describe, expect, it } from "vitest";
import { relayConfigSchema } from "../config.js";
import { backendFor } from "./backend-for.js";

const config = (table: Record<string, unknown>) =>
  relayConfigSchema.parse({ type: "relay", place: "home", ...table });

const refused = (table: Record<string, unknown>, key: string, message: RegExp) =>
  expect(() => backendFor("relay", config(table))).toThrow(
    expect.objectContaining({
      code: "ConfigError",
      data: { key: `storage.relay.${key}` },
      message: expect.stringMatching(message),
    }),
  );

describe("backendFor a WebDAV relay", () => {
  it("takes the http(s) URL of a collection, shown without its credentials, and contacts nothing until used", async () => {
    const backend = backendFor("relay", config({ url: "https://anna:s3cret@127.0.0.1:1/relay" }));
    expect(backend.where).toBe("https://127.0.0.1:1/relay/");
    await backend.close?.();
  });

  it("takes interval with a folder too: the daemon polls any relay", () => {
    expect(backendFor("relay", config({ url: "/media/stick/relay", interval: 60 })).where).toBe(
      "/media/stick/relay",
    );
  });

  it("refuses WebDAV's keys for a relay elsewhere", () => {
    for (const url of ["/media/stick/relay", "s3://photos/"]) {
      for (const [key, value] of [
        ["username", "anna"],
        ["password", { env: "RELAY_PASSWORD" }],
        ["auth", "basic"],
        ["bearer_command", ["token"]],
        ["tls_ca", "/etc/ca.pem"],
        ["timeout", 5],
      ] as const) {
        refused({ url, [key]: value }, key, /only a relay on a WebDAV share takes it/);
      }
    }
  });

  it("refuses S3's keys for a relay on WebDAV, and a URL of another scheme", () => {
    refused(
      { url: "https://dav.example.org/relay/", region: "eu-west-1" },
      "region",
      /only a relay in an S3 bucket/,
    );
    refused(
      { url: "ftp://example.org/relay/" },
      "url",
      /a relay is a folder's absolute path, the http\(s\) URL of a WebDAV collection, or s3:\/\/bucket\/prefix\//,
    );
  });
});
