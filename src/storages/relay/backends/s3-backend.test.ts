import { describe, expect, it } from "vitest";
import { backendFor } from "./backend-for.js";
import { expectRefused, relayTable } from "./testing/relay-table.js";

describe("backendFor an S3 relay", () => {
  it("takes s3:// with credentials, and contacts nothing until used", () => {
    const backend = backendFor(
      "relay",
      relayTable({
        url: "s3://photos/archive/",
        endpoint: "http://127.0.0.1:1",
        access_key_id: "AKIA1",
        secret_access_key: { env: "UNSET_SECRET" },
      }),
    );
    expect(backend.where).toBe("s3://photos/archive/ at http://127.0.0.1:1/");
  });

  it("resolves the secret when the first request is signed, naming its key if it fails", async () => {
    const backend = backendFor(
      "relay",
      relayTable({
        url: "s3://photos/",
        endpoint: "http://127.0.0.1:1",
        access_key_id: "AKIA1",
        secret_access_key: { env: "CONCORD_TEST_UNSET_SECRET" },
      }),
    );
    await expect(backend.read("relay.json")).rejects.toMatchObject({
      code: "ConfigError",
      message: expect.stringContaining("storage.relay.secret_access_key"),
    });
    await backend.close?.();
  });

  it("refuses S3 without credentials", () => {
    expectRefused(
      { url: "s3://photos/", secret_access_key: "x" },
      "access_key_id",
      /a relay in S3 needs one/,
    );
    expectRefused(
      { url: "s3://photos/", access_key_id: "AKIA1" },
      "secret_access_key",
      /a relay in S3 needs one/,
    );
  });

  it("refuses S3's keys for a relay elsewhere", () => {
    for (const [key, value] of [
      ["endpoint", "https://s3.example.com"],
      ["region", "eu-west-1"],
      ["access_key_id", "AKIA1"],
      ["secret_access_key", { env: "S3" }],
    ] as const) {
      expectRefused(
        { url: "/media/stick/relay", [key]: value },
        key,
        /only a relay in an S3 bucket takes it/,
      );
    }
  });
});
