/**
 * nginx serving a folder of feeds on loopback, for the webcal tests: a real web server with real
 * ETag / Last-Modified / 304 handling, whose access log tells how many requests concord made.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ServerProcess } from "./servers/child.js";
import { freePort } from "./servers/port.js";

export interface FeedServer {
  readonly url: string;
  /** Writes (or replaces) a file that the server then serves at `url + name`. */
  publish(name: string, content: string): void;
  /** The access log: one `METHOD /path STATUS` line per request so far. */
  requests(): string[];
  stop(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const folder = mkdtempSync(join(tmpdir(), "concord-feeds-"));
  // nginx's workers may run as another user (nobody, when started as root): they must read it.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const log = join(folder, "access.log");
  const config = join(folder, "nginx.conf");
  writeFileSync(
    config,
    `daemon off;
pid ${join(folder, "nginx.pid")};
error_log stderr warn;
events {}
http {
  log_format requests '$request_method $uri $status';
  access_log ${log} requests;
  client_body_temp_path ${folder}/body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
  types { text/calendar ics; }
  server {
    listen 127.0.0.1:${port};
    root ${join(folder, "www")};
  }
}
`,
  );
  // Debian puts nginx in /usr/sbin, which a non-root PATH may lack.
  const nginx = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  const server = new ServerProcess(nginx, ["-c", config, "-p", folder]);
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(url);
      break;
    } catch {
      if (tries > 100) throw new Error(`nginx did not start: ${server.output}`);
      await sleep(50);
    }
  }
  writeFileSync(log, ""); // forget the readiness probes
  return {
    url,
    publish(name, content) {
      const www = join(folder, "www");
      mkdirSync(www, { recursive: true });
      writeFileSync(join(www, name), content);
    },
    requests() {
      return readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line !== "");
    },
    async stop() {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
