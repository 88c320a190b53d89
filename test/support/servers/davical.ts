/**
 * DAViCal as Debian ships it: the PHP application under Apache with the package's own site file
 * (`/davical/`, with /.well-known/ rewritten there), on a PostgreSQL cluster of its own that the
 * package's script fills with the schema. The packaged /etc/davical/config.php connects by
 * `PGHOST`/`PGPORT`, which Apache passes on to PHP.
 */
import { randomBytes } from "node:crypto";
import { apacheService, phpModuleFile } from "./apache.js";
import {
  asPostgres,
  initCluster,
  postgresEnv,
  postgresPackageFile,
  postgresService,
  psql,
  sqlText,
} from "./postgres.js";
import type { Credentials } from "./dav.js";
import type { Recipe } from "./recipe.js";

const share = "/usr/share/davical";

export const davical: Recipe = {
  packages: {
    davical: `${share}/htdocs/caldav.php`,
    postgresql: postgresPackageFile,
    apache2: "/usr/sbin/apache2",
    "libapache2-mod-php": phpModuleFile(),
  },
  ports: ["postgres"],
  principalPath: ({ username }) => `/davical/caldav.php/${username}/`,
  prepare: (folder) => initCluster(folder),
  services: ({ folder, ports, account }) => [
    {
      ...postgresService(folder, ports.postgres as number),
      init: () => createDatabase(folder, ports.postgres as number, account),
    },
    apacheService({
      folder,
      port: ports.http as number,
      modules: ["alias", "rewrite", "dir", "headers", "php"],
      directives: [
        '<FilesMatch ".+\\.php$">',
        "  SetHandler application/x-httpd-php",
        "</FilesMatch>",
        "Include /etc/apache2/sites-available/davical.conf",
      ],
      env: postgresEnv(folder, ports.postgres as number),
    }),
  ],
};

/** The package's schema, and the account: a `usr` row and its principal. */
function createDatabase(folder: string, port: number, account: Credentials): Promise<void> {
  // The script also sets a password for DAViCal's own `admin`; nobody logs in as it.
  asPostgres(folder, port, `${share}/dba/create-database.sh`, ["davical", randomBytes(12).toString("hex")]);
  // DAViCal stores a plain password as `**` and the password.
  psql(
    folder,
    port,
    "davical",
    [
      "INSERT INTO usr (active, email_ok, updated, username, password, fullname, email) VALUES",
      `  (TRUE, current_date, current_date, ${sqlText(account.username)}, ${sqlText(`**${account.password}`)},`,
      `   ${sqlText(account.username)}, ${sqlText(`${account.username}@example.net`)});`,
      "INSERT INTO principal (type_id, user_no, displayname, default_privileges)",
      `  VALUES (1, currval('usr_user_no_seq'), ${sqlText(account.username)}, 0::BIT(24));`,
    ].join("\n"),
  );
  return Promise.resolve();
}
