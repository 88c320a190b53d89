/**
 * Apache httpd in front of a PHP application or a proxied server, with a configuration of its own
 * in the server's temp folder (nothing of /etc/apache2 but the site files a package ships), on one
 * loopback port, logging errors to the stderr the tests keep.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Service } from "./recipe.js";

const modules = "/usr/lib/apache2/modules";

/** mod_php's file is named after the PHP version (libphp8.2.so in Debian 12). */
export function phpModuleFile(): string {
  const found = readdirSync(modules).find((name) => /^libphp[\d.]*\.so$/.test(name));
  return join(modules, found ?? "libphp.so");
}

export interface ApacheSite {
  readonly folder: string;
  readonly port: number;
  /** Module names as in LoadModule, e.g. `rewrite`; `php` loads mod_php. */
  readonly modules: readonly string[];
  /** The rest of the configuration: the site's directives or an Include of the package's file. */
  readonly directives: readonly string[];
  /** Given to Apache, whose children (and mod_php's libpq) inherit it. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Children kept ready (default 2). Each one serves one connection at a time, and holds it
   * between the requests of a kept-alive connection: a client that opens several at once needs
   * as many, or waits for the next to be forked, a second later.
   */
  readonly children?: number;
}

export function apacheService({
  folder,
  port,
  modules: wanted,
  directives,
  env,
  children = 2,
}: ApacheSite): Service {
  const run = join(folder, "apache");
  mkdirSync(run, { recursive: true });
  const config = join(run, "apache2.conf");
  const load = (name: string) =>
    name === "php"
      ? `LoadModule php_module ${phpModuleFile()}`
      : `LoadModule ${name}_module ${join(modules, `mod_${name}.so`)}`;
  // Written per start: the port changes when a start is retried.
  writeFileSync(
    config,
    [
      "ServerRoot /etc/apache2",
      "ServerName 127.0.0.1",
      `Listen 127.0.0.1:${port}`,
      `PidFile ${join(run, "apache2.pid")}`,
      `DefaultRuntimeDir ${run}`,
      `Mutex file:${run} default`,
      "User www-data",
      "Group www-data",
      // Apache cannot open /dev/stderr when it is a socket, as Node's pipes are; a piped logger can write there.
      'ErrorLog "|$exec /bin/cat >&2"',
      "LogLevel warn",
      // mod_php needs the prefork MPM; two children are plenty for one test file of DAV requests.
      `StartServers ${children}`,
      `MinSpareServers ${children - 1}`,
      `MaxSpareServers ${children + 2}`,
      "TypesConfig /etc/mime.types",
      ...["mpm_prefork", "authz_core", "mime", ...wanted].map(load),
      ...directives,
      "",
    ].join("\n"),
  );
  return {
    name: "apache2",
    commandLine: ["/usr/sbin/apache2", "-f", config, "-DFOREGROUND"],
    options: { env },
  };
}
