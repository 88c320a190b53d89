/**
 * The life of one server: a temp folder, free ports, the processes that serve it (the last of which
 * proves it is the one answering), and the URLs it reports for its account.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ServerProcess } from "./child.js";
import { cyrus } from "./cyrus.js";
import { davical } from "./davical.js";
import {
  expectStatus,
  hrefProperty,
  mkcalendarBody,
  mkcolAddressbookBody,
  propfind,
  proppatchDisplayNameBody,
  request,
  xmlHeaders,
  type Credentials,
} from "./dav.js";
import type { DavServer, ServerKind } from "./index.js";
import { addressInUse, freePort } from "./port.js";
import { radicale } from "./radicale.js";
import { sogo } from "./sogo.js";
import type { Recipe, Site } from "./recipe.js";
import { xandikos } from "./xandikos.js";

const recipes: Record<ServerKind, Recipe> = { radicale, xandikos, cyrus, davical, sogo };

export const serverKinds = Object.keys(recipes) as ServerKind[];

/**
 * Why a server cannot start on this machine (the Debian packages it lacks), or undefined when it can.
 * The suite skips a missing server's tests under a title saying so, never counting them as passed.
 */
export function unavailable(kind: ServerKind): string | undefined {
  const missing = Object.entries(recipes[kind].packages)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name);
  return missing.length === 0 ? undefined : `not installed: ${missing.join(", ")}`;
}

const startTimeoutMs = 30_000;
const pollMs = 50;
/** Another process may grab a port between the probe and the server's bind. */
const portAttempts = 5;

const folders = new Set<string>();
// Registered after child.ts's handler (imported above), so the servers are killed before their folders go.
process.on("exit", () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Everything that stays the same across restarts of one server. */
interface Setup extends Site {
  readonly kind: ServerKind;
  readonly recipe: Recipe;
}

export async function startServer(kind: ServerKind): Promise<DavServer> {
  const missing = unavailable(kind);
  if (missing) throw new Error(`cannot start ${kind}: ${missing}`);
  const recipe = recipes[kind];
  const folder = mkdtempSync(join(tmpdir(), `concord-${kind}-`));
  folders.add(folder);
  // The servers that run as users of their own (cyrus, postgres, www-data, sogo) must reach their folders.
  chmodSync(folder, 0o755);
  const account = {
    username: `user-${randomBytes(4).toString("hex")}`,
    password: randomBytes(12).toString("hex"),
  };
  try {
    await recipe.prepare?.(folder, account);
    for (let attempt = 1; ; attempt++) {
      const setup: Setup = { kind, recipe, folder, account, ports: await freePorts(recipe) };
      try {
        const processes = await serve(setup, { first: true });
        return await RunningServer.discover(setup, processes);
      } catch (error) {
        const portTaken = error instanceof ExitedEarly && addressInUse.test(error.output);
        if (!portTaken || attempt === portAttempts) throw error;
      }
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    folders.delete(folder);
    throw error;
  }
}

async function freePorts(recipe: Recipe): Promise<Record<string, number>> {
  const ports: Record<string, number> = {};
  for (const name of ["http", ...(recipe.ports ?? [])]) ports[name] = await freePort();
  return ports;
}

class ExitedEarly extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n${output}`);
  }
}

/**
 * Starts the server's processes in order, each once the one before serves, and waits until the server
 * answers as the account. Answering HTTP is not enough: if another process took the port, that one
 * answers while ours fails to bind; only ours knows this account's principal.
 */
async function serve(setup: Setup, { first }: { first: boolean }): Promise<ServerProcess[]> {
  const started: ServerProcess[] = [];
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (const service of setup.recipe.services(setup)) {
      const [command, ...args] = service.commandLine;
      const child = new ServerProcess(command, args, service.options);
      started.push(child);
      await waitFor(service.name, child, deadline, async () => (service.ready ? service.ready() : true));
      if (first) await service.init?.();
    }
    const url = rootUrl(setup);
    const expected = principalOf(setup);
    const server = started.at(-1) as ServerProcess;
    let lastAnswer = "no answer yet";
    await waitFor(`${setup.kind} on ${url}`, server, deadline, async () => {
      try {
        const principal = await currentUserPrincipal(expected, setup.account);
        // SOGo names the principal without the trailing slash its URL has.
        if (principal.replace(/\/?$/, "/") === expected) return true;
        lastAnswer = `current-user-principal is ${principal}, not ${expected}`;
      } catch (error) {
        lastAnswer = String(error);
      }
      return false;
    }).catch((error: unknown) => {
      if (error instanceof ExitedEarly || !(error instanceof Error)) throw error;
      throw new Error(`${error.message} (${lastAnswer})`);
    });
    return started;
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** Polls `ready` until it holds; fails when the process exits first or the deadline passes. */
async function waitFor(
  name: string,
  child: ServerProcess,
  deadline: number,
  ready: () => Promise<boolean>,
): Promise<void> {
  for (;;) {
    const exit = await Promise.race([child.exited, sleep(pollMs)]);
    if (exit) {
      throw new ExitedEarly(`${name} exited (code ${exit.code}, signal ${exit.signal})`, child.output);
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new Error(`${name} did not get ready within ${startTimeoutMs / 1000} s\n${child.output}`);
    }
  }
}

async function currentUserPrincipal(url: string, account: Credentials): Promise<string> {
  // Radicale creates the principal collection on the first authenticated request; this is that request.
  const [principal] = await propfind(account, url, 0, ["{DAV:}current-user-principal"], 1_000);
  return hrefProperty(principal, "{DAV:}current-user-principal", url);
}

const rootUrl = ({ ports }: Site): string => `http://127.0.0.1:${ports.http}/`;
const principalOf = (setup: Setup): string =>
  new URL(setup.recipe.principalPath(setup.account), rootUrl(setup)).href;

const calendarHomeSet = "{urn:ietf:params:xml:ns:caldav}calendar-home-set";
const addressbookHomeSet = "{urn:ietf:params:xml:ns:carddav}addressbook-home-set";

class RunningServer implements DavServer {
  readonly kind: ServerKind;
  readonly url: string;
  readonly principalUrl: string;

  private constructor(
    private readonly setup: Setup,
    /** In the order they started; the last one serves DAV. Empty while paused or stopped. */
    private processes: ServerProcess[],
    readonly calendarHomeUrl: string,
    readonly addressbookHomeUrl: string,
  ) {
    this.kind = setup.kind;
    this.url = rootUrl(setup);
    this.principalUrl = principalOf(setup);
  }

  /** The home sets differ between servers (Radicale: the principal; others: folders beside it), so ask. */
  static async discover(setup: Setup, processes: ServerProcess[]): Promise<RunningServer> {
    try {
      const base = rootUrl(setup);
      const [principal] = await propfind(setup.account, principalOf(setup), 0, [
        calendarHomeSet,
        addressbookHomeSet,
      ]);
      const calendars = hrefProperty(principal, calendarHomeSet, base);
      const addressbooks = hrefProperty(principal, addressbookHomeSet, base);
      return new RunningServer(setup, processes, calendars, addressbooks);
    } catch (error) {
      await stopAll(processes);
      throw error;
    }
  }

  get ports(): Readonly<Record<string, number>> {
    return this.setup.ports;
  }

  get username(): string {
    return this.setup.account.username;
  }

  get password(): string {
    return this.setup.account.password;
  }

  get folder(): string {
    return this.setup.folder;
  }

  get pid(): number | undefined {
    return this.processes.at(-1)?.pid;
  }

  makeCalendar(id: string): Promise<string> {
    return this.create("MKCALENDAR", this.calendarHomeUrl, id, mkcalendarBody(id));
  }

  makeAddressbook(id: string): Promise<string> {
    return this.create("MKCOL", this.addressbookHomeUrl, id, mkcolAddressbookBody(id));
  }

  private async create(method: string, home: string, id: string, body: string): Promise<string> {
    const url = new URL(`${encodeURIComponent(id)}/`, home);
    const response = await request(this.setup.account, method, url, { headers: xmlHeaders, body });
    await expectStatus(response, [201], `${method} ${url}`);
    await response.body?.cancel();
    return url.href;
  }

  async rename(url: string, displayName: string): Promise<void> {
    const target = new URL(url, this.url);
    const response = await request(this.setup.account, "PROPPATCH", target, {
      headers: xmlHeaders,
      body: proppatchDisplayNameBody(displayName),
    });
    await expectStatus(response, [207], `PROPPATCH ${target}`);
    await response.body?.cancel();
  }

  async put(url: string, body: string): Promise<string | undefined> {
    const target = new URL(url, this.url);
    // Xandikos keeps a body of any other media type as an opaque file, neither parsed nor indexed.
    const type = /^\s*BEGIN:VCARD/i.test(body) ? "text/vcard" : "text/calendar";
    const response = await request(this.setup.account, "PUT", target, {
      headers: { "Content-Type": `${type}; charset=utf-8` },
      body,
    });
    await expectStatus(response, [200, 201, 204], `PUT ${target}`);
    await response.body?.cancel();
    return response.headers.get("ETag") ?? undefined;
  }

  async get(url: string): Promise<{ body: string; etag: string | undefined } | undefined> {
    const target = new URL(url, this.url);
    const response = await request(this.setup.account, "GET", target);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    await expectStatus(response, [200], `GET ${target}`);
    return { body: await response.text(), etag: response.headers.get("ETag") ?? undefined };
  }

  async syncToken(url: string): Promise<string> {
    const [found] = await propfind(this.setup.account, new URL(url, this.url), 0, ["{DAV:}sync-token"]);
    const token = found?.props.get("{DAV:}sync-token")?.text.trim();
    if (!token) throw new Error(`${url}: the server reported no sync-token`);
    return token;
  }

  async remove(url: string): Promise<void> {
    const target = new URL(url, this.url);
    const response = await request(this.setup.account, "DELETE", target);
    await expectStatus(response, [200, 204], `DELETE ${target}`);
    await response.body?.cancel();
  }

  async stop(): Promise<void> {
    await stopAll(this.processes);
    this.processes = [];
    rmSync(this.setup.folder, { recursive: true, force: true });
    folders.delete(this.setup.folder);
  }

  async restart(): Promise<void> {
    await this.pause();
    await this.resume();
  }

  async pause(): Promise<void> {
    if (this.processes.length === 0) throw new Error(`the ${this.kind} server on ${this.url} is not running`);
    await stopAll(this.processes);
    // Until `resume()` succeeds the server counts as stopped, and `stop()` still cleans up.
    this.processes = [];
  }

  async resume(): Promise<void> {
    if (this.processes.length > 0)
      throw new Error(`the ${this.kind} server on ${this.url} is running already`);
    if (!folders.has(this.setup.folder))
      throw new Error(`the ${this.kind} server on ${this.url} was stopped for good`);
    this.processes = await serve(this.setup, { first: false });
  }
}

/** The last started stops first: the web server before the database it uses. */
async function stopAll(processes: readonly ServerProcess[]): Promise<void> {
  for (const child of [...processes].reverse()) await child.stop();
}
