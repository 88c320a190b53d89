/**
 * The stores a relay can live in, for tests that run the same places on each: a local folder, a
 * WebDAV share (Apache with mod_dav and a password) and an S3 bucket (s3rver behind a front that
 * checks signatures). Each test gets a relay of its own (a folder, a collection or a prefix), and
 * reads what the relay holds from the server's side, never through concord.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { type S3Relay, startS3Relay } from "./s3.js";
import { startWebdavRelay, webdavUnavailable, type WebdavRelay } from "./webdav.js";

export const relayStoreKinds = ["folder", "webdav", "s3"] as const;
export type RelayStoreKind = (typeof relayStoreKinds)[number];

/** One relay in a store: how a place's config reaches it, and what it holds. */
export interface RelayInStore {
  readonly url: string;
  /** Lines of the `[storage.relay]` table besides type, url and place: credentials. */
  readonly lines: string;
  /** Variables the lines read (`{ env = … }`). */
  readonly env: Readonly<Record<string, string>>;
  /** The secrets that must never show in output or in the status. */
  readonly secrets: readonly string[];
  /** The file on this machine that holds each object of the relay, by relay key. */
  files(): Record<string, string>;
}

export interface RelayStore {
  readonly kind: RelayStoreKind;
  /** A relay of its own for a test; `folder` is the test's workspace folder for it. */
  relay(folder: string): RelayInStore;
  stop(): Promise<void>;
}

const storeNames: Readonly<Record<RelayStoreKind, string>> = {
  folder: "a folder",
  webdav: "a WebDAV share",
  s3: "s3",
};

/**
 * Declares `body` once per kind of store, each under a title naming it, with the store started
 * once for the file. `store()` is the started store. A store whose Debian packages are missing
 * here (Apache, for WebDAV) is skipped under a title that says which, never counted as passed; in
 * CI, where `.ci/run` installs them, a missing package fails instead.
 */
export function describeRelayStores(
  title: string,
  body: (kind: RelayStoreKind, store: () => RelayStore) => void,
): void {
  for (const kind of relayStoreKinds) {
    const missing = process.env.CI || kind !== "webdav" ? undefined : webdavUnavailable();
    const named = `${title}, relay in ${storeNames[kind]}`;
    describe.skipIf(missing !== undefined)(missing ? `${named} (skipped: ${missing})` : named, () => {
      let started: RelayStore | undefined;
      beforeAll(async () => {
        started = await startRelayStore(kind);
      }, 120_000);
      afterAll(() => started?.stop());
      body(kind, () => {
        if (started === undefined) throw new Error(`the ${kind} store did not start`);
        return started;
      });
    });
  }
}

export async function startRelayStore(kind: RelayStoreKind): Promise<RelayStore> {
  switch (kind) {
    case "folder":
      return startedFolderStore;
    case "webdav":
      return webdavStore(await startWebdavRelay());
    case "s3":
      return s3Store(await startS3Relay(""));
  }
}

/** Relays in folders of the tests' workspaces: nothing to start. */
export const startedFolderStore: RelayStore = {
  kind: "folder",
  relay: (folder) => ({ url: folder, lines: "", env: {}, secrets: [], files: () => filesUnder(folder) }),
  stop: async () => {},
};

/** Relays in collections of one Apache share, behind the share's password. */
function webdavStore(share: WebdavRelay): RelayStore {
  let relays = 0;
  // mod_dav_fs's own: a PUT's temp file until it is renamed, and a folder's state (locks, properties).
  const davOwn = (name: string) => name.startsWith(".davfs.tmp") || name === ".DAV";
  return {
    kind: "webdav",
    relay() {
      const collection = `relay-${++relays}`;
      return {
        url: share.makeCollection(collection),
        lines: `username = "${share.username}"\npassword = { env = "RELAY_WEBDAV_PASSWORD" }`,
        env: { RELAY_WEBDAV_PASSWORD: share.password },
        secrets: [share.password],
        files: () => filesUnder(join(share.folder, collection), davOwn),
      };
    },
    stop: () => share.stop(),
  };
}

function s3Store(s3: S3Relay): RelayStore {
  let relays = 0;
  return {
    kind: "s3",
    relay() {
      const prefix = `relay-${++relays}/`;
      return {
        url: `s3://relay/${prefix}`,
        lines: [
          `endpoint = "${s3.endpoint}"`,
          `access_key_id = "${s3.accessKeyId}"`,
          'secret_access_key = { env = "RELAY_S3_SECRET" }',
        ].join("\n"),
        env: { RELAY_S3_SECRET: s3.secretAccessKey },
        secrets: [s3.secretAccessKey],
        files: () =>
          Object.fromEntries(
            Object.entries(s3.objectFiles())
              .filter(([key]) => key.startsWith(prefix))
              .map(([key, path]) => [key.slice(prefix.length), path]),
          ),
      };
    },
    stop: () => s3.stop(),
  };
}

/** Every file below `folder`, by its path relative to it (names `ignore` accepts left out). */
export function filesUnder(
  folder: string,
  ignore: (name: string) => boolean = () => false,
): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (at: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return;
    }
    for (const name of names) {
      if (ignore(name)) continue;
      const path = join(at, name);
      if (lstatSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else found[`${prefix}${name}`] = path;
    }
  };
  walk(folder, "");
  return found;
}
