/**
 * The storage conformance suite for CalDAV and CardDAV, against real Radicale and Xandikos
 * servers: calendar samples for the one, vCards for the other. Each case's new root stands for a
 * fresh account: the calendars and address books the previous case left are removed first.
 */
import { afterAll, beforeAll } from "vitest";
import type { StorageDefinition } from "../../src/contract/index.js";
import { InvalidDataError } from "../../src/errors/index.js";
import { definition as caldav } from "../../src/storages/caldav/index.js";
import { definition as carddav } from "../../src/storages/carddav/index.js";
import { type ConformanceSkip, runStorageConformance } from "../../src/storages/conformance/run.js";
import type { DavConfig } from "../../src/storages/dav/config.js";
import { type DavServer, type ServerKind, startServer } from "../support/servers/index.js";
import { describeServers } from "../support/servers/describe-servers.js";

const kinds: ServerKind[] = ["radicale", "xandikos", "cyrus", "davical", "sogo"];
const types = [caldav, carddav] as StorageDefinition<DavConfig>[];

const davSkips: ConformanceSkip[] = [
  {
    tests: ["hostile names never write outside the storage's root"],
    reason: "a DAV storage writes no local files: its hrefs are URLs inside the collection",
  },
  {
    tests: [
      "probe answers present, then absent naming the path once the storage is gone, which never lists",
      "mark is made once, and probe shows it to this instance and a fresh one",
    ],
    reason: "a DAV account has no probe or mark: an unreachable server fails the run instead",
  },
];

const addressBookSkips: ConformanceSkip[] = [
  {
    tests: [
      "createCollection stores the properties it is given",
      "properties can be set, read back, removed, and are seen by a fresh instance",
    ],
    reason: "address books have no standard colour or order property: CardDAV keeps a name and a description",
  },
];

/** What one server cannot do with calendars, each with the reason. */
const serverCalendarSkips: Partial<Record<ServerKind, ConformanceSkip[]>> = {
  sogo: [
    {
      tests: [
        "createCollection stores the properties it is given",
        "properties can be set, read back, removed, and are seen by a fresh instance",
      ],
      reason:
        "SOGo gives every calendar an order and gives colours back as #RRGGBBAA in capitals (#ff8800 reads #FF8800FF)",
    },
  ],
  xandikos: [
    {
      tests: ["createCollection stores the properties it is given"],
      reason: "Xandikos makes the calendar but drops the colour given with MKCALENDAR (404 in its answer)",
    },
    {
      tests: ["properties can be set, read back, removed, and are seen by a fresh instance"],
      reason: "Xandikos refuses to set calendar-description (409 Conflict)",
    },
  ],
  cyrus: [
    {
      tests: ["hostile names give items that can be listed and read back"],
      reason:
        'Cyrus trims the spaces around a UID: the event with UID " spaced " comes back with UID "spaced", another event',
    },
  ],
};

/** What one server cannot do with items of either kind, each with the reason. */
const nulInUid: ConformanceSkip = {
  tests: ["hostile names give items that can be listed and read back"],
  reason:
    "the server answers an item whose UID holds a NUL with 500 (PostgreSQL stores no NUL in text): a server failure, retried, where the suite wants a refusal",
};

const serverItemSkips: Partial<Record<ServerKind, ConformanceSkip[]>> = {
  davical: [nulInUid],
  sogo: [
    nulInUid,
    {
      tests: [
        "create, list and get give back what was written",
        "update with the current version replaces the content",
        "update with a stale version fails and changes nothing",
        "get of a missing href yields a NotFoundError entry and the other items",
        "after flush a fresh instance reads what was written",
      ],
      reason:
        "SOGo adds to what it stores (CLASS:PUBLIC in every event; N:Plain;;;; becomes N:Plain), so nothing comes back with the hash it was written with",
    },
    {
      tests: [
        "delete with a stale version fails and changes nothing",
        "update or delete of a removed item fails and does not bring it back",
        "create never replaces an item with the same suggested name",
      ],
      reason:
        "SOGo ignores If-Match on DELETE and on a PUT to a removed item, and If-None-Match: * on a PUT to an existing one: it replaces and deletes regardless",
    },
    {
      tests: [
        "list with an earlier state reports every change since",
        "readAll gives every item as get does, and a state list continues from",
      ],
      reason:
        "SOGo's CTag and sync-token are the time in whole seconds: a change in the same second as a listing does not move them, and the next listing misses it",
    },
  ],
};

/** What one server cannot do with address books, each with the reason. */
const serverAddressBookSkips: Partial<Record<ServerKind, ConformanceSkip[]>> = {
  cyrus: [
    {
      tests: [
        "create, list and get give back what was written",
        "after flush a fresh instance reads what was written",
      ],
      reason:
        "Cyrus stores a vCard 4.0 as 3.0 (it gives 4.0 back only to a client asking for it), so the suite's 4.0 sample comes back another card",
    },
  ],
};

describeServers(
  kinds,
  (kind) => `${kind}`,
  (kind) => {
    let server: DavServer;
    beforeAll(async () => {
      server = await startServer(kind);
    });
    afterAll(() => server?.stop());

    const config = <Config extends DavConfig>(definition: StorageDefinition<Config>, url: string) =>
      definition.configSchema.parse({
        type: definition.type,
        url,
        username: server?.username ?? "conformance",
        password: server?.password ?? "conformance",
      });

    /** Removes every calendar and address book: a calendar and an address book may share a URL. */
    async function emptyAccount(): Promise<void> {
      for (const definition of types) {
        const storage = await definition.create("cleanup", config(definition, server.url));
        for (const info of await storage.discover()) {
          try {
            await storage.deleteCollection?.(info);
          } catch (error) {
            // Cyrus keeps the account's default calendar (403 default-calendar-needed, RFC 6638 §9.2),
            // SOGo its `personal` calendar and address book (403 "cannot be deleted").
            const kept =
              (kind === "cyrus" || kind === "sogo") &&
              error instanceof InvalidDataError &&
              error.data.status === 403;
            if (!kept) throw error;
          }
        }
        await storage.close?.();
      }
    }

    for (const definition of types) {
      /** The roots seen so far: each new one starts from an empty account. */
      const seen = new Set<string>();
      runStorageConformance({
        name: `${definition.type} on ${kind}`,
        model: definition.modelFor(config(definition, "http://127.0.0.1/")),
        async setup(root) {
          if (!seen.has(root)) {
            seen.add(root);
            await emptyAccount();
          }
          const storage = await definition.create("conformance", config(definition, server.url));
          return { storage, cleanup: async () => {} };
        },
        rewritesItems: `${kind} stores items re-serialised: properties reordered, lines refolded`,
        refusesMalformedItems: `${kind} parses what it stores and refuses items it cannot parse`,
        skip:
          definition === carddav
            ? [
                ...davSkips,
                ...addressBookSkips,
                ...(serverItemSkips[kind] ?? []),
                ...(serverAddressBookSkips[kind] ?? []),
              ]
            : [...davSkips, ...(serverItemSkips[kind] ?? []), ...(serverCalendarSkips[kind] ?? [])],
      });
    }
  },
);
