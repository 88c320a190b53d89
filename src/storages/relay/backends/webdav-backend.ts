/**
 * A relay on a WebDAV share (`url = "https://host/path/"`, the URL of a collection): the url is
 * checked here, at once; the code that talks to the server (`webdav/webdav-objects.ts`, with the
 * HTTP client) is loaded when the relay is first used.
 * @module
 */
import type { StorageContext } from "../../../contract/index.js";
import { ConfigError } from "../../../errors/index.js";
import { httpClientOptions } from "../../remote/config.js";
import type { RelayConfig } from "../config.js";
import type { RelayBackend } from "./backend.js";
import { lazyBackend } from "./lazy-backend.js";

/** @throws ConfigError naming `storage.NAME.url` for a url that is no URL */
export function webdavBackend(storage: string, config: RelayConfig, context?: StorageContext): RelayBackend {
  const key = `storage.${storage}.url`;
  if (!URL.canParse(config.url))
    throw new ConfigError(`${key}: ${JSON.stringify(config.url)}: not a URL`, { key });
  // A collection's URL, with or without its `/`; shown without the credentials it may hold.
  const collection = new URL(config.url);
  if (!collection.pathname.endsWith("/")) collection.pathname += "/";
  const where = new URL(collection);
  where.username = "";
  where.password = "";
  // One HTTP client (its connections, its login, its retries) for the storage's whole life.
  const options = httpClientOptions(storage, { ...config, url: collection.href }, context ?? {});
  return lazyBackend(where.href, async () => {
    const [{ HttpClient }, { webdavObjects }] = await Promise.all([
      import("../../../http/index.js"),
      import("./webdav/webdav-objects.js"),
    ]);
    return webdavObjects(new HttpClient(options));
  });
}
