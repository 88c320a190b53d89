/**
 * What an S3 server's refusal means for the user: its `<Error>` body's code and message, and which
 * key of the relay's table to look at. Failures that may pass (429, 5xx, a broken connection) are
 * the HTTP client's to retry and word; this is for the answers that will not change by waiting.
 * @module
 */
import { STATUS_CODES } from "node:http";
import { AuthError, type ConcordError, ConfigError, NotFoundError } from "../../../../errors/index.js";
import { excerpt, hideSecrets, httpError } from "../../../../http/index.js";
import { childText, parseXml } from "./xml.js";

/** The statuses whose answers `s3Error` reads rather than the HTTP client. */
export const refusalStatuses: readonly number[] = [301, 400, 403, 404, 405, 409, 411, 412, 416];

export interface Refusal {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The body, or as much of it as was read. */
  readonly body: string;
  /** `x-amz-bucket-region`: where the bucket is, which AWS says when it is asked in another region. */
  readonly bucketRegion?: string | undefined;
}

/** S3's `<Error><Code>…</Code><Message>…</Message></Error>`, when the body is one. */
export function complaint(body: string): { code: string; message: string } | undefined {
  try {
    const root = parseXml(body, "");
    return root.name === "Error"
      ? { code: childText(root, "Code") ?? "", message: childText(root, "Message") ?? "" }
      : undefined;
  } catch {
    // An HTML page from a proxy, a cut body: quoted as it is instead.
    return undefined;
  }
}

/**
 * The error a refusal stands for: AuthError for credentials or a clock S3 refuses, ConfigError for
 * a bucket that is not there or is in another region, NotFoundError for a missing object.
 * @param storage the relay's name in the config, to name its keys
 * @param secrets to blot out of what the server said
 */
export function s3Error(refusal: Refusal, storage: string, secrets: Iterable<string>): ConcordError {
  const { method, url, status } = refusal;
  const said = complaint(refusal.body);
  const detail = excerpt(hideSecrets(said ? `${said.code}: ${said.message}` : refusal.body, secrets));
  const line = `${method} ${url}: ${status} ${STATUS_CODES[status] ?? ""}${detail ? `: ${detail}` : ""}`;
  const key = (name: string): string => `storage.${storage}.${name}`;
  const code = said?.code;

  if (code === "SignatureDoesNotMatch" || code === "InvalidAccessKeyId") {
    return new AuthError(`${line}; check ${key("access_key_id")} and ${key("secret_access_key")}`, { url });
  }
  if (code === "RequestTimeTooSkewed") {
    return new AuthError(`${line}; this computer's clock is off by more than 15 minutes`, { url });
  }
  if (refusal.bucketRegion !== undefined && (status === 301 || code === "AuthorizationHeaderMalformed")) {
    return new ConfigError(`${line}; the bucket is in ${refusal.bucketRegion}: set ${key("region")} to it`, {
      key: key("region"),
    });
  }
  if (status === 301) {
    return new ConfigError(`${line}; check ${key("region")} and ${key("endpoint")}`, { key: key("region") });
  }
  if (code === "NoSuchBucket") {
    return new ConfigError(`${line}; check the bucket in ${key("url")}`, { key: key("url") });
  }
  // A refusal by policy holds for every object alike: nothing of the relay can be done.
  if (status === 403) return new AuthError(line, { url });
  if (status === 404) return new NotFoundError(line, { what: url });
  return httpError({ method, url }, { kind: "status", status, credentialsSent: true, excerpt: detail });
}
