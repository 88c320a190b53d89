/**
 * A WebDAV share for relay tests: Apache httpd (see webdav-apache.ts) started privately on a
 * loopback port, in a temp folder of its own that goes when the test run ends. `folder` is the
 * shared folder on disk, so tests can look at the relay's objects there directly.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe } from "vitest";
import { ServerProcess } from "../servers/child.js";
import { propfind } from "../servers/dav.js";
import { addressInUse, freePort } from "../servers/port.js";
import { giveTo, systemUser } from "../servers/system-user.js";
import { webdavPackages, webdavService, type WebdavSite } from "./webdav-apache.js";

export interface WebdavRelay {
  /** The share's URL, `http://127.0.0.1:PORT/relay/`. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** The shared folder on disk. */
  readonly folder: string;
  /** Makes a collection in the share, as a relay's is made before `relay init`; returns its URL. */
  makeCollection(name: string): string;
  /** Stops Apache and keeps the folder, until `resume`. */
  pause(): Promise<void>;
  /** Starts Apache again on the same port. */
  resume(): Promise<void>;
  /** Stops Apache for good and removes its folders. */
  stop(): Promise<void>;
}

/** The packages the share lacks here, or undefined when it can start. */
export function webdavUnavailable(): string | undefined {
  const missing = Object.entries(webdavPackages)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name);
  return missing.length === 0 ? undefined : `not installed: ${missing.join(", ")}`;
}

/**
 * Tests that need the share: skipped under a title that says what is missing (reported as skipped,
 * never as passed); in CI, where `.ci/run` installs apache2, a missing package fails them instead.
 */
export function describeWebdav(title: string, body: () => void): void {
  const missing = process.env.CI ? undefined : webdavUnavailable();
  describe.skipIf(missing !== undefined)(
    missing === undefined ? title : `${title} (skipped: ${missing})`,
    body,
  );
}

const startTimeoutMs = 30_000;
/** Another process may take the port between the probe and Apache's bind. */
const portAttempts = 5;

const folders = new Set<string>();
// Registered after child.ts's handler (imported above), so Apache is killed before its folder goes.
process.on("exit", () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

export async function startWebdavRelay(): Promise<WebdavRelay> {
  const missing = webdavUnavailable();
  if (missing) throw new Error(`cannot start the WebDAV share: ${missing}`);
  const folder = mkdtempSync(join(tmpdir(), "concord-webdav-"));
  folders.add(folder);
  // Apache's children run as www-data: they must reach the share and write to it.
  chmodSync(folder, 0o755);
  const documentRoot = join(folder, "www");
  const share = join(documentRoot, "relay");
  const locks = join(folder, "locks");
  mkdirSync(share, { recursive: true });
  mkdirSync(locks);
  giveTo(systemUser("www-data"), share, locks);
  const account = {
    username: `user-${randomBytes(4).toString("hex")}`,
    password: randomBytes(12).toString("hex"),
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const site: WebdavSite = { folder, documentRoot, locks, port: await freePort(), account };
      try {
        return new Share(site, share, await serve(site));
      } catch (error) {
        if (attempt === portAttempts || !addressInUse.test(String(error))) throw error;
      }
    }
  } catch (error) {
    removeFolder(folder);
    throw error;
  }
}

function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  folders.delete(folder);
}

/** Starts Apache and waits until it answers a PROPFIND of the share as the account. */
async function serve(site: WebdavSite): Promise<ServerProcess> {
  const [command, ...args] = webdavService(site).commandLine;
  const apache = new ServerProcess(command, args);
  const url = shareUrl(site);
  const deadline = Date.now() + startTimeoutMs;
  let lastAnswer = "no answer yet";
  for (;;) {
    const exit = await Promise.race([apache.exited, sleep(50)]);
    if (exit) throw new Error(`apache2 exited (code ${exit.code}, signal ${exit.signal})\n${apache.output}`);
    try {
      await propfind(site.account, url, 0, ["{DAV:}resourcetype"], 1_000);
      return apache;
    } catch (error) {
      lastAnswer = String(error);
    }
    if (Date.now() > deadline) {
      await apache.stop();
      throw new Error(
        `apache2 did not serve ${url} within ${startTimeoutMs / 1000} s (${lastAnswer})\n${apache.output}`,
      );
    }
  }
}

const shareUrl = ({ port }: WebdavSite): string => `http://127.0.0.1:${port}/relay/`;

class Share implements WebdavRelay {
  readonly url: string;
  readonly username: string;
  readonly password: string;

  constructor(
    private readonly site: WebdavSite,
    readonly folder: string,
    /** Undefined while paused or stopped. */
    private apache: ServerProcess | undefined,
  ) {
    this.url = shareUrl(site);
    ({ username: this.username, password: this.password } = site.account);
  }

  makeCollection(name: string): string {
    const folder = join(this.folder, name);
    mkdirSync(folder);
    giveTo(systemUser("www-data"), folder);
    return `${this.url}${encodeURIComponent(name)}/`;
  }

  async pause(): Promise<void> {
    await this.apache?.stop();
    this.apache = undefined;
  }

  async resume(): Promise<void> {
    if (this.apache) throw new Error(`the share on ${this.url} is running already`);
    this.apache = await serve(this.site);
  }

  async stop(): Promise<void> {
    await this.pause();
    removeFolder(this.site.folder);
  }
}
