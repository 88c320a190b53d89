import { describe, expect, it } from "vitest";
import { s3Location } from "./location.js";

describe("s3Location", () => {
  it("addresses AWS's buckets by host name, in the region's endpoint", () => {
    const location = s3Location("relay", { url: "s3://photos/archive/", region: "eu-west-1" });
    expect(location).toMatchObject({ bucket: "photos", prefix: "archive/", region: "eu-west-1" });
    expect(location.where).toBe("s3://photos/archive/");
    expect(location.endpoint.href).toBe("https://photos.s3.eu-west-1.amazonaws.com/");
    expect(location.objectUrl("archive/sets/home.1").href).toBe(
      "https://photos.s3.eu-west-1.amazonaws.com/archive/sets/home.1",
    );
  });

  it("addresses a bucket with dots, and any bucket of another server, by path", () => {
    const dotted = s3Location("relay", { url: "s3://my.photos" });
    expect(dotted.objectUrl("relay.json").href).toBe(
      "https://s3.us-east-1.amazonaws.com/my.photos/relay.json",
    );
    const minio = s3Location("relay", { url: "s3://photos", endpoint: "http://nas.local:9000/s3" });
    expect(minio.prefix).toBe("");
    expect(minio.where).toBe("s3://photos/ at http://nas.local:9000/s3/");
    expect(minio.objectUrl("relay.json").href).toBe("http://nas.local:9000/s3/photos/relay.json");
    expect(minio.bucketUrl({ "list-type": "2", prefix: "" }).href).toBe(
      "http://nas.local:9000/s3/photos/?list-type=2&prefix",
    );
  });

  it("encodes keys and queries as S3 signs them", () => {
    const location = s3Location("relay", { url: "s3://photos/a b/", endpoint: "https://s3.example.com" });
    expect(location.prefix).toBe("a b/");
    expect(location.objectUrl("a b/ü/x+y (1)!*'~.txt").pathname).toBe(
      "/photos/a%20b/%C3%BC/x%2By%20%281%29%21%2A%27~.txt",
    );
    expect(location.bucketUrl({ prefix: "a b/", "continuation-token": "1+/2=" }).search).toBe(
      "?prefix=a%20b%2F&continuation-token=1%2B%2F2%3D",
    );
  });

  it("refuses a bucket name that cannot be one, a prefix that could step out, credentials in the endpoint", () => {
    const refused = (place: Parameters<typeof s3Location>[1], key: string) =>
      expect(() => s3Location("relay", place)).toThrow(
        expect.objectContaining({ code: "ConfigError", data: { key: `storage.relay.${key}` } }),
      );
    refused({ url: "s3://" }, "url");
    refused({ url: "s3://Photos/" }, "url");
    refused({ url: "s3://ph/" }, "url");
    refused({ url: "s3://photos/a/../b/" }, "url");
    refused({ url: "s3://photos//a/" }, "url");
    refused({ url: "s3://photos/a", endpoint: "https://key:secret@s3.example.com" }, "endpoint");
  });
});
