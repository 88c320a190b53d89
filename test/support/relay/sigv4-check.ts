/**
 * AWS Signature V4 checked the way S3 checks it, written apart from the signer concord uses
 * (aws4fetch), so that the tests' S3 server refuses what AWS would: s3rver itself reads the access
 * key ID from a V4 signature and checks nothing else.
 */
import { createHash, createHmac } from "node:crypto";

/** A request as it arrived. */
export interface ArrivedRequest {
  readonly method: string;
  /** The request target: path and query, as sent. */
  readonly target: string;
  /** Header names in lower case; repeated headers joined with ", " as Node does. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
}

export type Verdict =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** RFC 3986 percent-encoding of everything but letters, digits and `-._~`. */
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Whether the request is signed with `secrets[its access key ID]`, over its body, within 15 minutes
 * of `now`, for `region`.
 */
export function checkSignature(
  request: ArrivedRequest,
  secrets: Readonly<Record<string, string>>,
  region: string,
  now = new Date(),
): Verdict {
  const header = (name: string): string => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim().replace(/\s+/g, " ");
  };
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      header("authorization"),
    );
  if (!match) return refuse("AuthorizationHeaderMalformed", "The authorization header is malformed.");
  const [, keyId = "", day = "", scopeRegion = "", signedHeaders = "", signature = ""] = match;
  const secret = secrets[keyId];
  if (secret === undefined) {
    return refuse("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  }
  if (scopeRegion !== region) {
    return refuse(
      "AuthorizationHeaderMalformed",
      `the region '${scopeRegion}' is wrong; expecting '${region}'`,
    );
  }
  const names = signedHeaders.split(";");
  if (!["host", "x-amz-date", "x-amz-content-sha256"].every((name) => names.includes(name))) {
    return refuse("AccessDenied", "host, x-amz-date and x-amz-content-sha256 must be signed");
  }
  const date = header("x-amz-date");
  const time = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!date.startsWith(day) || !(Math.abs(now.getTime() - time) <= 15 * 60 * 1000)) {
    return refuse(
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
    );
  }
  const payloadHash = header("x-amz-content-sha256");
  if (payloadHash !== sha256(request.body)) {
    return refuse(
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }

  const [path = "", query = ""] = request.target.split(/\?(.*)/s);
  const canonicalPath = path
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/");
  const canonicalQuery = query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const [name = "", value = ""] = pair.split(/=(.*)/s);
      return [encode(decodeURIComponent(name)), encode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery,
    ...names.map((name) => `${name}:${header(name)}`),
    "",
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), "s3"), "aws4_request");
  if (hmac(key, stringToSign).toString("hex") !== signature) {
    return refuse(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  }
  return { ok: true };
}

function refuse(code: string, message: string): Verdict {
  return { ok: false, code, message };
}
