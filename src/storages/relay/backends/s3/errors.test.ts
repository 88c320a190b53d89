import { describe, expect, it } from "vitest";
import { s3Error } from "./errors.js";

const url = "https://photos.s3.eu-west-1.amazonaws.com/archive/relay.json";
const error = (status: number, code: string, message: string, bucketRegion?: string) =>
  s3Error(
    {
      method: "GET",
      url,
      status,
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><SignatureProvided>abc</SignatureProvided></Error>`,
      bucketRegion,
    },
    "relay",
    ["s3cr3t"],
  );

describe("s3Error", () => {
  it("words a refused signature as an AuthError naming the keys to check, quoting code and message only", () => {
    expect(error(403, "SignatureDoesNotMatch", "Check your key and signing method.")).toMatchObject({
      code: "AuthError",
      message: `GET ${url}: 403 Forbidden: SignatureDoesNotMatch: Check your key and signing method.; check storage.relay.access_key_id and storage.relay.secret_access_key`,
    });
    expect(error(403, "AccessDenied", "Access Denied")).toMatchObject({ code: "AuthError" });
    expect(error(403, "RequestTimeTooSkewed", "too large").message).toMatch(/clock is off/);
  });

  it("names the key to change for a bucket that is missing or in another region", () => {
    expect(error(404, "NoSuchBucket", "The specified bucket does not exist")).toMatchObject({
      code: "ConfigError",
      data: { key: "storage.relay.url" },
    });
    expect(error(301, "PermanentRedirect", "use the endpoint", "eu-central-1")).toMatchObject({
      code: "ConfigError",
      message: expect.stringMatching(/the bucket is in eu-central-1: set storage\.relay\.region to it$/),
    });
    expect(
      error(400, "AuthorizationHeaderMalformed", "the region 'us-east-1' is wrong", "eu-central-1"),
    ).toMatchObject({
      code: "ConfigError",
      data: { key: "storage.relay.region" },
    });
  });

  it("words a missing object as NotFoundError, other refusals as the HTTP layer does, secrets hidden", () => {
    expect(error(404, "NoSuchKey", "The specified key does not exist.")).toMatchObject({
      code: "NotFoundError",
    });
    expect(error(400, "InvalidArgument", "bad s3cr3t")).toMatchObject({
      code: "InvalidDataError",
      message: `GET ${url}: 400 Bad Request: InvalidArgument: bad ***`,
    });
    expect(
      s3Error({ method: "PUT", url, status: 409, body: "<html>\n<b>busy</b></html>" }, "relay", []).message,
    ).toBe(`PUT ${url}: 409 Conflict: <html> <b>busy</b></html>`);
  });
});
