/**
 * Apache httpd as a WebDAV share for a relay: mod_dav with mod_dav_fs serving the folder `relay`
 * of its DocumentRoot at `/relay/`, behind Basic authentication against a password file of one
 * account.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { apacheService } from "../servers/apache.js";
import type { Credentials } from "../servers/dav.js";
import type { Service } from "../servers/recipe.js";

/** The Debian package each file comes from: without them the share cannot start. */
export const webdavPackages: Readonly<Record<string, string>> = {
  apache2: "/usr/sbin/apache2",
  "apache2 (mod_dav_fs)": "/usr/lib/apache2/modules/mod_dav_fs.so",
};

export interface WebdavSite {
  /** Apache's own files: its config, the password file, the lock database. */
  readonly folder: string;
  /** The DocumentRoot, whose folder `relay` is the share; www-data must be able to write to that. */
  readonly documentRoot: string;
  /** A folder www-data may write to, for mod_dav_fs's lock database. */
  readonly locks: string;
  readonly port: number;
  readonly account: Credentials;
}

export function webdavService({ folder, documentRoot, locks, port, account }: WebdavSite): Service {
  const passwords = join(folder, "htpasswd");
  // Apache reads `{SHA}` and the base64 of the password's SHA-1, so no htpasswd program is needed.
  const sha1 = createHash("sha1").update(account.password).digest("base64");
  writeFileSync(passwords, `${account.username}:{SHA}${sha1}\n`);
  return apacheService({
    folder,
    port,
    // The relay writes 4 objects at once, and its HTTP client keeps up to 8 connections open.
    children: 10,
    modules: ["authn_core", "auth_basic", "authn_file", "authz_user", "dav", "dav_fs"],
    directives: [
      `DavLockDB ${join(locks, "lockdb")}`,
      `DocumentRoot ${documentRoot}`,
      `<Directory ${join(documentRoot, "relay")}>`,
      "  Dav On",
      "  AuthType Basic",
      '  AuthName "concord relay"',
      `  AuthUserFile ${passwords}`,
      "  Require valid-user",
      "  Options None",
      "  AllowOverride None",
      "</Directory>",
    ],
  });
}
