/**
 * AWS Signature V4 for S3, by `aws4fetch`'s signer: the date, a hash of the body and the request's
 * canonical form, signed with a key derived from the secret access key. The secret is resolved
 * when the first request is signed, once.
 * @module
 */
import { createHash } from "node:crypto";
import { AwsV4Signer } from "aws4fetch";
import { resolveSecret, type SecretSource } from "../../../../config/index.js";
import type { RequestSigner } from "../../../../http/index.js";

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: SecretSource;
  /** The key the secret is given by (`storage.NAME.secret_access_key`), named if it fails. */
  readonly secretKey: string;
  readonly region: string;
}

export function s3Signer(credentials: S3Credentials): RequestSigner {
  let secret: Promise<string> | undefined;
  const known = new Set<string>();
  // aws4fetch keeps the key it derives from the secret for a day here, instead of four HMACs a request.
  const cache = new Map<string, ArrayBuffer>();

  return {
    async sign({ method, url, headers, body }) {
      secret ??= resolveSecret(credentials.secretAccessKey, credentials.secretKey).then((value) => {
        known.add(value);
        return value;
      });
      // The hash of the body is signed too (rather than UNSIGNED-PAYLOAD): S3 then refuses a body
      // changed on the way, as TLS alone would not catch behind a proxy that re-encrypts.
      const payloadHash = createHash("sha256")
        .update(body ?? "")
        .digest("hex");
      const signed = await new AwsV4Signer({
        method,
        url: url.href,
        headers: { ...headers, "x-amz-content-sha256": payloadHash },
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: await secret,
        service: "s3",
        region: credentials.region,
        cache,
      }).sign();
      return {
        authorization: signed.headers.get("authorization") ?? "",
        "x-amz-date": signed.headers.get("x-amz-date") ?? "",
        "x-amz-content-sha256": payloadHash,
      };
    },
    secrets: () => known,
  };
}
