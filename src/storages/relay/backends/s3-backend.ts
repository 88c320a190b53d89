/**
 * A relay in an S3 bucket (`url = "s3://bucket/prefix/"`), on AWS or any server that speaks S3:
 * the config is checked here, at once; the code that talks to the server (`s3/s3-objects.ts`,
 * with the HTTP client) is loaded when the relay is first used.
 * @module
 */
import type { StorageContext } from "../../../contract/index.js";
import { ConfigError } from "../../../errors/index.js";
import type { RelayConfig } from "../config.js";
import type { RelayBackend } from "./backend.js";
import { lazyBackend } from "./lazy-backend.js";
import { s3Location } from "./s3/location.js";

/** @throws ConfigError naming `storage.NAME.KEY` for a bad url or endpoint, or missing credentials */
export function s3Backend(storage: string, config: RelayConfig, context?: StorageContext): RelayBackend {
  const location = s3Location(storage, config);
  const key = (name: string): string => `storage.${storage}.${name}`;
  const missing = (name: string): ConfigError =>
    new ConfigError(`${key(name)}: a relay in S3 needs one (${location.where})`, { key: key(name) });
  const { access_key_id: accessKeyId, secret_access_key: secretAccessKey } = config;
  if (accessKeyId === undefined) throw missing("access_key_id");
  if (secretAccessKey === undefined) throw missing("secret_access_key");
  const explain = context?.explain;
  return lazyBackend(location.where, async () => {
    const { s3Objects } = await import("./s3/s3-objects.js");
    return s3Objects({
      storage,
      location,
      credentials: {
        accessKeyId,
        secretAccessKey,
        secretKey: key("secret_access_key"),
        region: location.region,
      },
      ...(explain ? { explain: (line: string) => explain(`${storage}: ${line}`) } : {}),
    });
  });
}
