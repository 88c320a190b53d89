/**
 * The backend a relay's `url` names: an S3 bucket, a WebDAV share, or else a folder.
 * @module
 */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { StorageContext } from "../../../contract/index.js";
import { ConfigError } from "../../../errors/index.js";
import type { RelayConfig } from "../config.js";
import type { RelayBackend } from "./backend.js";
import { folderBackend } from "./folder-backend.js";
import { s3Backend } from "./s3-backend.js";
import { refuseS3Keys } from "./s3/config.js";
import { isS3Url } from "./s3/location.js";
import { webdavBackend } from "./webdav-backend.js";
import { isWebdavUrl, refuseWebdavKeys } from "./webdav/config.js";

export function backendFor(storage: string, config: RelayConfig, context?: StorageContext): RelayBackend {
  const { url } = config;
  if (isWebdavUrl(url)) {
    refuseS3Keys(storage, config);
    return webdavBackend(storage, config, context);
  }
  refuseWebdavKeys(storage, config);
  if (isS3Url(url)) return s3Backend(storage, config, context);
  refuseS3Keys(storage, config);
  const key = `storage.${storage}.url`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    throw new ConfigError(
      `${key}: ${JSON.stringify(url)}: a relay is a folder's absolute path, the http(s) URL of a WebDAV collection, or s3://bucket/prefix/`,
      { key },
    );
  }
  const path = url === "~" || url.startsWith("~/") ? join(homedir(), url.slice(1)) : url;
  if (!isAbsolute(path))
    throw new ConfigError(`${key}: ${JSON.stringify(url)}: not an absolute path`, { key });
  return folderBackend(resolve(path));
}
