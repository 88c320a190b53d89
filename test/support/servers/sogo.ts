/**
 * SOGo as its installation guide deploys it: sogod behind Apache (`ProxyPass /SOGo`, the
 * `x-webobjects-*` headers, /.well-known/ redirected to /SOGo/dav), with memcached, and its users,
 * profiles and folders in a PostgreSQL cluster of its own, reached by TCP as SOGo's URLs require.
 * Bare sogod would not do: it closes connections without saying so and never answers
 * `Expect: 100-continue`.
 *
 * Debian's sogod reads /etc/sogo/sogo.conf and the GNUstep user defaults of the `sogo` user; a
 * private GNUstep.conf (`GNUSTEP_CONFIG_FILE`) points those defaults at the temp folder, where
 * `sogod.plist` overrides everything the packaged file sets.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apacheService } from "./apache.js";
import type { Credentials } from "./dav.js";
import { listening } from "./port.js";
import { initCluster, postgresPackageFile, postgresService, psql, sqlText } from "./postgres.js";
import type { Recipe, Service, Site } from "./recipe.js";
import { giveTo, systemUser } from "./system-user.js";

const home = (folder: string) => join(folder, "sogo");
const defaults = (folder: string) => join(home(folder), "defaults");

export const sogo: Recipe = {
  packages: {
    sogo: "/usr/sbin/sogod",
    memcached: "/usr/bin/memcached",
    postgresql: postgresPackageFile,
    apache2: "/usr/sbin/apache2",
  },
  ports: ["postgres", "memcached", "sogod"],
  principalPath: ({ username }) => `/SOGo/dav/${username}/`,
  prepare(folder) {
    initCluster(folder);
    for (const path of [home(folder), defaults(folder)]) mkdirSync(path);
    const gnustep = readFileSync("/etc/GNUstep/GNUstep.conf", "utf8")
      .split("\n")
      .filter((line) => !/^GNUSTEP_USER_(DEFAULTS_DIR|CONFIG_FILE)=/.test(line));
    writeFileSync(
      join(home(folder), "GNUstep.conf"),
      [...gnustep, `GNUSTEP_USER_DEFAULTS_DIR=${defaults(folder)}`, "GNUSTEP_USER_CONFIG_FILE=", ""].join(
        "\n",
      ),
    );
    giveTo(systemUser("sogo"), home(folder), defaults(folder));
  },
  services: (site) => {
    const { folder, ports, account } = site;
    return [
      {
        ...postgresService(folder, ports.postgres as number, { tcp: true }),
        init: () => createDatabase(folder, ports.postgres as number, account),
      },
      {
        name: "memcached",
        commandLine: [
          "/usr/bin/memcached",
          ...["-l", "127.0.0.1", "-p", String(ports.memcached), "-U", "0", "-u", "memcache", "-m", "16"],
        ],
        ready: () => listening(ports.memcached as number),
      },
      sogod(site),
      apacheService({
        folder,
        port: ports.http as number,
        modules: ["proxy", "proxy_http", "headers", "setenvif", "env", "rewrite"],
        directives: proxyDirectives(ports.http as number, ports.sogod as number),
      }),
    ];
  },
};

function sogod({ folder, ports }: Site): Service {
  const database = `postgresql://sogo:sogo@127.0.0.1:${ports.postgres}/sogo`;
  const user = systemUser("sogo");
  // Written per start: the ports change when a start is retried.
  const plist = join(defaults(folder), "sogod.plist");
  writeFileSync(
    plist,
    [
      "{",
      `  WOPort = "127.0.0.1:${ports.sogod}";`,
      "  WOWorkersCount = 3;",
      `  SOGoProfileURL = "${database}/sogo_user_profile";`,
      `  OCSFolderInfoURL = "${database}/sogo_folder_info";`,
      `  OCSSessionsFolderURL = "${database}/sogo_sessions_folder";`,
      `  SOGoMemcachedHost = "127.0.0.1:${ports.memcached}";`,
      "  SOGoTimeZone = UTC;",
      '  SOGoMailDomain = "example.net";',
      "  SOGoAppointmentSendEMailNotifications = NO;",
      "  SOGoUserSources = ({",
      `    type = sql; id = users; viewURL = "${database}/sogo_users";`,
      "    canAuthenticate = YES; isAddressBook = NO; userPasswordAlgorithm = plain;",
      "  });",
      "}",
      "",
    ].join("\n"),
  );
  giveTo(user, plist);
  return {
    name: "sogod",
    commandLine: [
      "/usr/sbin/sogod",
      ...["-WONoDetach", "YES", "-WOLogFile", "-", "-WOPidFile", join(home(folder), "sogod.pid")],
    ],
    options: {
      user,
      cwd: home(folder),
      env: { GNUSTEP_CONFIG_FILE: join(home(folder), "GNUstep.conf") },
      // Idle sogod workers ignore SIGTERM; everything sogod keeps is in PostgreSQL, which stops after it.
      stopSignal: "SIGKILL",
    },
    ready: () => listening(ports.sogod as number),
  };
}

/** The guide's Apache site, for plain HTTP on `port`. */
function proxyDirectives(port: number, sogodPort: number): string[] {
  const backend = `http://127.0.0.1:${sogodPort}/SOGo`;
  return [
    "ProxyRequests Off",
    "ProxyPreserveHost On",
    "SetEnv proxy-nokeepalive 1",
    `ProxyPass /SOGo ${backend} retry=0 nocanon`,
    `<Proxy ${backend}>`,
    `  RequestHeader set "x-webobjects-server-port" "${port}"`,
    "  SetEnvIf Host (.*) HTTP_HOST=$1",
    '  RequestHeader set "x-webobjects-server-name" "%{HTTP_HOST}e" env=HTTP_HOST',
    '  RequestHeader set "x-webobjects-server-url" "http://%{HTTP_HOST}e" env=HTTP_HOST',
    '  RequestHeader unset "x-webobjects-remote-user"',
    '  RequestHeader set "x-webobjects-server-protocol" "HTTP/1.0"',
    "  AddDefaultCharset UTF-8",
    "  Require all granted",
    "</Proxy>",
    "RewriteEngine On",
    "RewriteRule ^/.well-known/caldav/?$ /SOGo/dav [R=301]",
    "RewriteRule ^/.well-known/carddav/?$ /SOGo/dav [R=301]",
  ];
}

/** SOGo's database and its SQL user source holding the account (SOGo makes its other tables). */
async function createDatabase(folder: string, port: number, account: Credentials): Promise<void> {
  psql(folder, port, "postgres", "CREATE ROLE sogo LOGIN;\nCREATE DATABASE sogo OWNER sogo;\n");
  psql(
    folder,
    port,
    "sogo",
    [
      "SET ROLE sogo;",
      "CREATE TABLE sogo_users (c_uid VARCHAR(128) PRIMARY KEY, c_name VARCHAR(128),",
      "  c_password VARCHAR(256), c_cn VARCHAR(128), mail VARCHAR(128));",
      `INSERT INTO sogo_users VALUES (${sqlText(account.username)}, ${sqlText(account.username)},`,
      `  ${sqlText(account.password)}, ${sqlText(account.username)}, ${sqlText(`${account.username}@example.net`)});`,
      "",
    ].join("\n"),
  );
}
