/**
 * A throw-away PostgreSQL cluster in a server's temp folder, for the servers that keep their data
 * in one (DAViCal, SOGo): trust authentication, fsync off, a socket in the folder and, when asked,
 * a loopback TCP port. It runs as the `postgres` user, since PostgreSQL refuses root.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Service } from "./recipe.js";
import { giveTo, systemUser } from "./system-user.js";

/** Debian installs each major version's programs under its own folder; Debian 12 has one, 15. */
function binaries(): string {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  return join("/usr/lib/postgresql", versions[0] ?? "15", "bin");
}

/** What the postgresql package installs, whatever its major version. */
export const postgresPackageFile = "/usr/lib/postgresql";

const data = (folder: string) => join(folder, "postgres", "data");
const sockets = (folder: string) => join(folder, "postgres", "sockets");

/** Where clients (psql, PHP's libpq) find the cluster: its socket folder and port. */
export const postgresEnv = (folder: string, port: number): Record<string, string> => ({
  PGHOST: sockets(folder),
  PGPORT: String(port),
});

/** Makes the cluster's folders and its empty cluster (about 2 s). */
export function initCluster(folder: string): void {
  const user = systemUser("postgres");
  for (const path of [join(folder, "postgres"), data(folder), sockets(folder)]) {
    mkdirSync(path);
    giveTo(user, path);
  }
  execFileSync(
    join(binaries(), "initdb"),
    ["-D", data(folder), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
    { uid: user.uid, gid: user.gid, cwd: "/tmp", stdio: ["ignore", "ignore", "pipe"] },
  );
}

/** The cluster's server process; `tcp` also opens 127.0.0.1:`port` (SOGo connects only by TCP). */
export function postgresService(folder: string, port: number, { tcp = false } = {}): Service {
  const user = systemUser("postgres");
  return {
    name: "postgres",
    commandLine: [
      join(binaries(), "postgres"),
      ...["-D", data(folder), "-k", sockets(folder), "-p", String(port)],
      ...["-c", `listen_addresses=${tcp ? "127.0.0.1" : ""}`, "-c", "fsync=off"],
    ],
    options: { user, cwd: "/tmp", stopSignal: "SIGINT" }, // SIGINT: stop now, not once every client has left
    ready: async () => {
      try {
        await promisify(execFile)(join(binaries(), "pg_isready"), [
          "-q",
          "-h",
          sockets(folder),
          "-p",
          String(port),
        ]);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A value for a single-quoted SQL string. */
export const sqlText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Runs `sql` in `database` as the superuser; the SQL goes through stdin, never onto a command line. */
export function psql(folder: string, port: number, database: string, sql: string): void {
  const user = systemUser("postgres");
  execFileSync("psql", ["-qX", "-v", "ON_ERROR_STOP=1", database], {
    input: sql,
    env: { ...process.env, ...postgresEnv(folder, port) },
    uid: user.uid,
    gid: user.gid,
    cwd: "/tmp",
    stdio: ["pipe", "ignore", "pipe"],
  });
}

/** Runs a program as `postgres` against the cluster, e.g. a package's script that builds a schema. */
export function asPostgres(folder: string, port: number, command: string, args: readonly string[]): void {
  const user = systemUser("postgres");
  execFileSync(command, args, {
    env: { ...process.env, ...postgresEnv(folder, port), PGOPTIONS: "--client-min-messages=warning" },
    uid: user.uid,
    gid: user.gid,
    cwd: "/tmp",
    stdio: ["ignore", "ignore", "pipe"],
  });
}
