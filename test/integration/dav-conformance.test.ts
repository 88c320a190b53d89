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
const serverItemSkips: Partial<Record<ServerKind, ConformanceSkip[]>> = {
  davical: [
    {
      tests: ["hostile names give items that can be listed and read back"],
      reason:
        "DAViCal answers an item whose UID holds a NUL with 500 (PostgreSQL stores no NUL in text): a server failure, retried, where the suite wants a refusal",
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
            // Cyrus keeps the account's default calendar (403 default-calendar-needed, RFC 6638 §9.2).
            const kept = kind === "cyrus" && error instanceof InvalidDataError && error.data.status === 403;
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
