/**
 * The life of one server: a temp folder, a free port, a child process that proves it is the one answering,
 * and the URLs it reports for its account.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ServerProcess } from "./child.js";
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
import type { Recipe } from "./recipe.js";
import { xandikos } from "./xandikos.js";

const recipes: Record<ServerKind, Recipe> = { radicale, xandikos };

const startTimeoutMs = 20_000;
const pollMs = 50;
/** Another process may grab the port between the probe and the server's bind. */
const portAttempts = 5;

const folders = new Set<string>();
// Registered after child.ts's handler (imported above), so the servers are killed before their folders go.
process.on("exit", () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Everything that stays the same across restarts of one server. */
interface Setup {
  readonly kind: ServerKind;
  readonly recipe: Recipe;
  readonly folder: string;
  readonly port: number;
  readonly account: Credentials;
}

export async function startServer(kind: ServerKind): Promise<DavServer> {
  const recipe = recipes[kind];
  const folder = mkdtempSync(join(tmpdir(), `concord-${kind}-`));
  folders.add(folder);
  const account = {
    username: `user-${randomBytes(4).toString("hex")}`,
    password: randomBytes(12).toString("hex"),
  };
  try {
    recipe.prepare?.(folder, account);
    for (let attempt = 1; ; attempt++) {
      const setup = { kind, recipe, folder, port: await freePort(), account };
      try {
        return await RunningServer.discover(setup, await serve(setup));
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

class ExitedEarly extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n${output}`);
  }
}

/**
 * Starts the server and waits until it answers as the account. Answering HTTP is not enough: if another
 * process took the port, that one answers while ours fails to bind; only ours knows this account's principal.
 */
async function serve({ recipe, folder, port, account }: Setup): Promise<ServerProcess> {
  const [command, ...args] = recipe.commandLine(folder, port, account);
  const child = new ServerProcess(command, args);
  const url = rootUrl(port);
  const expected = principalOf(port, account);
  const deadline = Date.now() + startTimeoutMs;
  let lastAnswer = "no answer yet";
  for (;;) {
    const exit = await Promise.race([child.exited, sleep(pollMs)]);
    if (exit) {
      throw new ExitedEarly(
        `${command} on ${url} exited (code ${exit.code}, signal ${exit.signal})`,
        child.output,
      );
    }
    try {
      const principal = await currentUserPrincipal(url, account);
      if (principal === expected) return child;
      lastAnswer = `current-user-principal is ${principal}, not ${expected}`;
    } catch (error) {
      lastAnswer = String(error);
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(
        `${command} did not answer on ${url} within ${startTimeoutMs / 1000} s (${lastAnswer})\n${child.output}`,
      );
    }
  }
}

async function currentUserPrincipal(url: string, account: Credentials): Promise<string> {
  // Radicale creates the principal collection on the first authenticated request; this is that request.
  const [root] = await propfind(account, url, 0, ["{DAV:}current-user-principal"], 1_000);
  return hrefProperty(root, "{DAV:}current-user-principal", url);
}

const rootUrl = (port: number): string => `http://127.0.0.1:${port}/`;
const principalOf = (port: number, account: Credentials): string => `${rootUrl(port)}${account.username}/`;

const calendarHomeSet = "{urn:ietf:params:xml:ns:caldav}calendar-home-set";
const addressbookHomeSet = "{urn:ietf:params:xml:ns:carddav}addressbook-home-set";

class RunningServer implements DavServer {
  readonly kind: ServerKind;
  readonly url: string;
  readonly principalUrl: string;

  private constructor(
    private readonly setup: Setup,
    private child: ServerProcess | undefined,
    readonly calendarHomeUrl: string,
    readonly addressbookHomeUrl: string,
  ) {
    this.kind = setup.kind;
    this.url = rootUrl(setup.port);
    this.principalUrl = principalOf(setup.port, setup.account);
  }

  /** The home sets differ between servers (Radicale: the principal; Xandikos: folders in it), so ask. */
  static async discover(setup: Setup, child: ServerProcess): Promise<RunningServer> {
    try {
      const base = rootUrl(setup.port);
      const [principal] = await propfind(setup.account, principalOf(setup.port, setup.account), 0, [
        calendarHomeSet,
        addressbookHomeSet,
      ]);
      const calendars = hrefProperty(principal, calendarHomeSet, base);
      const addressbooks = hrefProperty(principal, addressbookHomeSet, base);
      return new RunningServer(setup, child, calendars, addressbooks);
    } catch (error) {
      await child.stop();
      throw error;
    }
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
    return this.child?.pid;
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
    await this.child?.stop();
    this.child = undefined;
    rmSync(this.setup.folder, { recursive: true, force: true });
    folders.delete(this.setup.folder);
  }

  async restart(): Promise<void> {
    await this.pause();
    await this.resume();
  }

  async pause(): Promise<void> {
    if (!this.child) throw new Error(`the ${this.kind} server on ${this.url} is not running`);
    await this.child.stop();
    // Until `resume()` succeeds the server counts as stopped, and `stop()` still cleans up.
    this.child = undefined;
  }

  async resume(): Promise<void> {
    if (this.child) throw new Error(`the ${this.kind} server on ${this.url} is running already`);
    if (!folders.has(this.setup.folder))
      throw new Error(`the ${this.kind} server on ${this.url} was stopped for good`);
    this.child = await serve(this.setup);
  }
}
