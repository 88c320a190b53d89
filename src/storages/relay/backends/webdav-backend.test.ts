import { describe, expect, it } from "vitest";
import { backendFor } from "./backend-for.js";
import { expectRefused, relayTable } from "./testing/relay-table.js";

describe("backendFor a WebDAV relay", () => {
  it("takes the http(s) URL of a collection, shown without its credentials, and contacts nothing until used", async () => {
    const backend = backendFor("relay", relayTable({ url: "https://anna:s3cret@127.0.0.1:1/relay" }));
    expect(backend.where).toBe("https://127.0.0.1:1/relay/");
    await backend.close?.();
  });

  it("takes interval with a folder too: the daemon polls any relay", () => {
    expect(backendFor("relay", relayTable({ url: "/media/stick/relay", interval: 60 })).where).toBe(
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
        expectRefused({ url, [key]: value }, key, /only a relay on a WebDAV share takes it/);
      }
    }
  });

  it("refuses S3's keys for a relay on WebDAV, and a URL of another scheme", () => {
    expectRefused(
      { url: "https://dav.example.org/relay/", region: "eu-west-1" },
      "region",
      /only a relay in an S3 bucket/,
    );
    expectRefused(
      { url: "ftp://example.org/relay/" },
      "url",
      /a relay is a folder's absolute path, the http\(s\) URL of a WebDAV collection, or s3:\/\/bucket\/prefix\//,
    );
  });
});
