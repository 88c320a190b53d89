/**
 * The keys of a relay table that only a relay on a WebDAV share (`url = "https://…"`) takes: those
 * of every storage reached over HTTP (`remote/config.ts`), but `interval`, which any relay takes.
 * @module
 */
import { z } from "zod";
import { ConfigError } from "../../../../errors/index.js";
import { remoteShape } from "../../../remote/config.js";

const webdavKeys = [
  "username",
  "password",
  "auth",
  "bearer_command",
  "tls_ca",
  "tls_fingerprint",
  "tls_cert",
  "tls_key",
  "timeout",
] as const;
type WebdavKey = (typeof webdavKeys)[number];

/** What those keys are when the table leaves them out: `auth` and `timeout` have defaults. */
const defaults = z.object(remoteShape).parse({});

export const isWebdavUrl = (url: string): boolean => /^https?:\/\//i.test(url);

/**
 * Refuses WebDAV's keys in the table of a relay that is not on a WebDAV share, where they would be
 * silently unused.
 * @throws ConfigError naming `storage.NAME.KEY`
 */
export function refuseWebdavKeys(
  storage: string,
  config: Readonly<Partial<Record<WebdavKey, unknown>>>,
): void {
  const given = webdavKeys.find((name) => config[name] !== undefined && config[name] !== defaults[name]);
  if (given === undefined) return;
  const key = `storage.${storage}.${given}`;
  throw new ConfigError(`${key}: only a relay on a WebDAV share takes it (url = "https://host/path/")`, {
    key,
  });
}
