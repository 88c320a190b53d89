/**
 * Where a relay's objects are in S3: the bucket and prefix of `url = "s3://bucket/prefix/"`, the
 * server, and the URL of each object. A relay key `a/b` is the object `prefix + "a/b"`.
 * @module
 */
import { ConfigError } from "../../../../errors/index.js";
import { isPlainKey } from "../relay-key.js";

export interface S3Location {
  readonly bucket: string;
  /** The configured prefix: empty, or ending in `/`. */
  readonly prefix: string;
  readonly region: string;
  /** The server's origin (and path, behind a proxy): requests to it are signed. */
  readonly endpoint: URL;
  /** `s3://bucket/prefix/`, and the server unless it is AWS's: for messages. */
  readonly where: string;
  /** The URL of an object, by its whole key (prefix included). */
  objectUrl(objectKey: string, query?: Readonly<Record<string, string>>): URL;
  /** The URL of the bucket, for listing and for deleting many objects at once. */
  bucketUrl(query: Readonly<Record<string, string>>): URL;
}

/** What `s3Location` reads of a relay's table. */
export interface S3Place {
  readonly url: string;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
}

export const isS3Url = (url: string): boolean => /^s3:\/\//i.test(url);

/**
 * Addressing: path-style (`endpoint/bucket/key`) when an endpoint is given, since that is what
 * MinIO, Garage, Ceph and s3rver answer without any DNS set up for each bucket; virtual-hosted
 * (`bucket.s3.region.amazonaws.com/key`) on AWS, which is what AWS asks of new code, except for a
 * bucket with dots in its name, which AWS's wildcard certificate does not cover.
 * @throws ConfigError naming `storage.NAME.url` or `.endpoint`
 */
export function s3Location(storage: string, place: S3Place): S3Location {
  const urlKey = `storage.${storage}.url`;
  const match = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(place.url);
  const bucket = match?.[1] ?? "";
  // The rules of AWS, which other servers keep to or loosen: a name that may stand in a host name.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      `${urlKey}: ${JSON.stringify(place.url)}: expected s3://bucket/prefix/, the bucket's name of 3 to 63 lower-case letters, digits, dots and hyphens`,
      { key: urlKey },
    );
  }
  const path = (match?.[2] ?? "").replace(/\/$/, "");
  if (path !== "" && !isPlainKey(path)) {
    throw new ConfigError(
      `${urlKey}: ${JSON.stringify(place.url)}: the prefix has an empty, . or .. part, or a control character`,
      { key: urlKey },
    );
  }
  const prefix = path === "" ? "" : `${path}/`;
  const region = place.region ?? "us-east-1";
  const aws = place.endpoint === undefined;
  const endpoint = new URL(place.endpoint ?? `https://s3.${region}.amazonaws.com/`);
  if (
    endpoint.username !== "" ||
    endpoint.password !== "" ||
    endpoint.search !== "" ||
    endpoint.hash !== ""
  ) {
    const key = `storage.${storage}.endpoint`;
    throw new ConfigError(
      `${key}: the server's URL alone; the credentials go in access_key_id and secret_access_key`,
      {
        key,
      },
    );
  }
  if (!endpoint.pathname.endsWith("/")) endpoint.pathname += "/";
  const virtualHosted = aws && !bucket.includes(".");
  const base = virtualHosted
    ? new URL(`https://${bucket}.${endpoint.host}/`)
    : new URL(`${encodeSegment(bucket)}/`, endpoint);

  const withQuery = (url: URL, query: Readonly<Record<string, string>>): URL => {
    // Written out here rather than by URLSearchParams, which sends a space as `+`: S3 takes the
    // query as RFC 3986 has it, and signs it so.
    url.search = Object.entries(query)
      .map(([name, value]) =>
        value === "" ? encodeSegment(name) : `${encodeSegment(name)}=${encodeSegment(value)}`,
      )
      .join("&");
    return url;
  };

  return {
    bucket,
    prefix,
    region,
    endpoint: virtualHosted ? base : endpoint,
    where: `s3://${bucket}/${prefix}${aws ? "" : ` at ${endpoint.href}`}`,
    objectUrl: (objectKey, query = {}) =>
      withQuery(new URL(objectKey.split("/").map(encodeSegment).join("/"), base), query),
    bucketUrl: (query) => withQuery(new URL(base), query),
  };
}

/**
 * A key's segment or a query's part as S3 signs it (RFC 3986: all but letters, digits and `-._~`
 * percent-encoded). `encodeURIComponent` leaves `!'()*` as they are, which S3 would sign encoded.
 */
export function encodeSegment(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
