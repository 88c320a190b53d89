/**
 * The imap storage against real servers, with another client changing the mailbox behind its
 * back: listings that answer only what changed, preconditions that hold against that client's
 * changes, removals that touch no other message, folder discovery, and a refused login.
 */
import type { ImapFlow } from "imapflow";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  asCollectionId,
  bytesBody,
  type Collection,
  type Href,
  type Listing,
  readBody,
  type Version,
} from "../../src/contract/index.js";
import { AuthError, PreconditionFailedError } from "../../src/errors/index.js";
import { flagAttributes } from "../../src/models/message.js";
import { messageText } from "../../src/storages/conformance/samples.js";
import { ImapStorage } from "../../src/storages/imap/imap-storage.js";
import {
  createSpecialUse,
  describeImapServers,
  type ImapTestServer,
  startImapServer,
} from "../support/imap/imap-server.js";

const message = (key: string) => Buffer.from(messageText(key, `Subject ${key}`));

describeImapServers("the imap storage", (kind) => {
  let server: ImapTestServer;
  let other: ImapFlow;
  let storage: ImapStorage;
  let collection: Collection;

  beforeAll(async () => {
    server = await startImapServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server.empty();
    await other?.logout().catch(() => undefined);
    other = await server.client();
    await other.mailboxCreate("Work");
    storage = new ImapStorage("mail", server.config());
    const info = (await storage.discover()).find((found) => found.id === "Work");
    collection = storage.open(info!);
    return async () => {
      await storage.close();
    };
  });

  /** Adds a message as another client would, and returns its UID. */
  async function appendByOther(key: string, flags: string[] = []): Promise<number> {
    return (await appendedByOther(key, flags)).uid;
  }

  /** Appends as another client would; the storage names the message `<uidvalidity>.<uid>`. */
  async function appendedByOther(key: string, flags: string[] = []): Promise<{ uid: number; href: Href }> {
    const appended = await other.append("Work", message(key), flags);
    if (!appended || appended.uid === undefined || appended.uidValidity === undefined)
      throw new Error("no APPENDUID");
    return { uid: appended.uid, href: `${appended.uidValidity}.${appended.uid}` as Href };
  }

  async function listed(state?: string): Promise<Listing> {
    return collection.list(state);
  }

  /** The UID an href names: the storage's hrefs are `<uidvalidity>.<uid>`. */
  const uidOf = (href: string): number => Number(href.split(".")[1]);

  const versions = async () => {
    const listing = await listed();
    if (listing.kind !== "full") throw new Error(`a listing without state answered ${listing.kind}`);
    return new Map(listing.items.map((item) => [item.href, item.version]));
  };

  describe("listing", () => {
    it("answers unchanged when nothing changed, then only the changes another client made", async () => {
      const first = await appendByOther("first");
      const second = await appendByOther("second");
      const third = await appendByOther("third");
      const full = await listed();
      expect(full.kind).toBe("full");
      if (!server.server.capabilities.includes("CONDSTORE")) {
        // Without CONDSTORE nothing tells what changed: no state, and every listing is full.
        expect(full.state).toBeUndefined();
        await other.mailboxOpen("Work");
        await other.messageFlagsAdd(String(first), ["\\Seen"], { uid: true });
        await other.messageDelete(String(second), { uid: true });
        const after = await listed(full.state);
        if (after.kind !== "full") throw new Error(`without CONDSTORE a listing answered ${after.kind}`);
        expect(after.items.map((item) => [uidOf(item.href), item.attributes])).toEqual([
          [first, flagAttributes(["\\Seen"])],
          [third, {}],
        ]);
        return;
      }
      expect(await listed(full.state)).toEqual({ kind: "unchanged", state: full.state });

      await other.mailboxOpen("Work");
      await other.messageFlagsAdd(String(first), ["\\Seen"], { uid: true });
      await other.messageDelete(String(second), { uid: true });
      const added = await appendByOther("added", ["\\Flagged"]);
      const delta = await listed(full.state);
      expect(delta.kind).toBe("delta");
      if (delta.kind !== "delta") return;
      expect(delta.changed.map((item) => [uidOf(item.href), item.attributes])).toEqual(
        expect.arrayContaining([
          [first, flagAttributes(["\\Seen"])],
          [added, flagAttributes(["\\Flagged"])],
        ]),
      );
      expect(delta.changed.map((item) => uidOf(item.href))).not.toContain(third);
      expect(delta.removed.map(uidOf)).toEqual([second]);

      // What the delta says, applied to what the first listing said, is what a full listing says.
      const picture = new Map(
        full.kind === "full" ? full.items.map((item) => [item.href, item.version]) : [],
      );
      for (const href of delta.removed) picture.delete(href);
      for (const item of delta.changed) picture.set(item.href, item.version);
      expect(picture).toEqual(await versions());
      expect(await listed(delta.state)).toEqual({ kind: "unchanged", state: delta.state });
    });

    it("lists in full, with none of the old UIDs, once the mailbox was renumbered (UIDVALIDITY)", async () => {
      await appendByOther("before");
      const before = await listed();
      // Deleting and making the mailbox again gives it a new UIDVALIDITY.
      await other.mailboxDelete("Work");
      await other.mailboxCreate("Work");
      const uid = await appendByOther("after");
      const after = await listed(before.state);
      expect(after.kind).toBe("full");
      if (after.kind !== "full" || before.kind !== "full") return;
      expect(after.items.map((item) => uidOf(item.href))).toEqual([uid]);
      // The same UID in the new numbering is another href, never the old message's.
      const old = new Set(before.items.map((item) => item.href));
      for (const item of after.items) expect(old.has(item.href)).toBe(false);
    });
  });

  describe("writes", () => {
    it("reads a message without marking it \\Seen", async () => {
      const { href } = await appendedByOther("unread");
      for await (const fetched of collection.get([href])) {
        if ("error" in fetched) throw fetched.error;
        expect(Buffer.from(await readBody(fetched.body)).toString()).toBe(message("unread").toString());
      }
      const listing = await listed();
      expect(listing.kind === "full" && listing.items[0]?.attributes).toEqual({});
    });

    it("sets flags only while no other client changed them since the listing", async () => {
      const { uid, href } = await appendedByOther("flags");
      const version = (await versions()).get(href) as Version;
      await other.mailboxOpen("Work");
      await other.messageFlagsAdd(String(uid), ["$Forwarded"], { uid: true });

      await expect(
        collection.setAttributes!(href, version, flagAttributes(["\\Answered"])),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      const current = (await versions()).get(href) as Version;
      const written = await collection.setAttributes!(
        href,
        current,
        flagAttributes(["\\Answered", "$Forwarded"]),
      );
      expect(written.attributes).toEqual(flagAttributes(["\\Answered", "$Forwarded"]));
      expect(written.version).toBe((await versions()).get(href));
    });

    it("removes only its message, never one another client marked \\Deleted", async () => {
      const marked = await appendedByOther("marked by another client", ["\\Deleted"]);
      const removed = (await appendedByOther("removed")).href;
      await collection.delete(removed, (await versions()).get(removed));
      expect([...(await versions()).keys()]).toEqual([marked.href]);
    });

    it("refuses to remove a message whose flags another client changed", async () => {
      const { uid, href } = await appendedByOther("kept");
      const version = (await versions()).get(href);
      await other.mailboxOpen("Work");
      await other.messageFlagsAdd(String(uid), ["\\Flagged"], { uid: true });
      await expect(collection.delete(href, version)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect([...(await versions()).keys()]).toEqual([href]);
    });

    it("gives new content a new UID and removes the old, only from the version listed", async () => {
      const created = await collection.create(bytesBody(message("before")), "ignored", {
        attributes: flagAttributes(["\\Seen"]),
      });
      const updated = await collection.update(created.href, created.version, bytesBody(message("after")));
      expect(updated.href).not.toBe(created.href);
      expect(updated.attributes).toEqual(flagAttributes(["\\Seen"]));
      await expect(
        collection.update(created.href, created.version, bytesBody(message("lost"))),
      ).rejects.toBeInstanceOf(PreconditionFailedError);

      // A fresh instance, as the next run, sees the one message with the new content.
      const again = new ImapStorage("mail", server.config());
      try {
        const info = (await again.discover()).find((found) => found.id === "Work");
        const reopened = again.open(info!);
        const listing = await reopened.list();
        expect(listing.kind === "full" && listing.items.map((item) => [item.href, item.version])).toEqual([
          [updated.href, updated.version],
        ]);
        for await (const fetched of reopened.get([updated.href])) {
          if ("error" in fetched) throw fetched.error;
          expect(Buffer.from(await readBody(fetched.body)).toString()).toBe(message("after").toString());
        }
      } finally {
        await again.close();
      }
    });

    it("writes a message with LF line ends as CRLF", async () => {
      const lf = Buffer.from(message("lf").toString().replaceAll("\r\n", "\n"));
      const created = await collection.create(bytesBody(lf), "lf");
      for await (const fetched of collection.get([created.href])) {
        if ("error" in fetched) throw fetched.error;
        expect(Buffer.from(await readBody(fetched.body)).toString()).toBe(message("lf").toString());
      }
    });
  });

  describe("folders", () => {
    it("lists nested folders with ids nesting by /, their special use and MAILBOXID", async () => {
      await other.mailboxCreate(["Work", "Projects"]);
      await other.mailboxCreate(["Work", "Projects", "2024"]);
      await createSpecialUse(other, "Sent Items", "\\Sent");
      const found = await storage.discover();
      const ids = found.map((info) => info.id);
      expect(ids).toEqual(expect.arrayContaining(["INBOX", "Work", "Work/Projects", "Work/Projects/2024"]));
      // RFC 6154's special use, where the server announces it (dovecot-plain announces little).
      const specialUse = server.server.capabilities.includes("SPECIAL-USE");
      expect(found.find((info) => info.id === "Sent Items")?.role).toBe(specialUse ? "sent" : undefined);
      expect(found.find((info) => info.id === "INBOX")?.role).toBe("inbox");
      expect(found.find((info) => info.id === "Work")?.role).toBeUndefined();
      // MAILBOXID (RFC 8474) where the server has it; Dovecot 2.3 has not.
      const stableIds = found.map((info) => info.stableId);
      if (server.server.capabilities.includes("OBJECTID")) expect(new Set(stableIds).size).toBe(found.length);
      else expect(stableIds.every((id) => id === undefined)).toBe(true);

      const made = await storage.createCollection(asCollectionId("Work/Projects/2025"));
      expect((await storage.discover()).find((info) => info.id === made.id)).toEqual(made);
      await storage.deleteCollection(made);
      expect((await storage.discover()).map((info) => info.id)).not.toContain(made.id);
    });

    it("renames a folder with its messages, keeping its MAILBOXID where the server has one", async () => {
      await appendByOther("kept through the rename");
      const before = (await storage.discover()).find((info) => info.id === "Work");
      if (before === undefined) throw new Error("no Work folder");
      const renamed = await storage.renameCollection!(before, asCollectionId("Archive/Work"));
      const found = await storage.discover();
      expect(found.map((info) => info.id)).not.toContain("Work");
      expect(found.find((info) => info.id === "Archive/Work")).toEqual(renamed);
      expect(renamed.stableId).toBe(before.stableId);
      const listing = await storage.open(renamed).list();
      expect(listing.kind === "full" && listing.items.length).toBe(1);
    });
  });

  it("names the host when TLS cannot be set up with it", async () => {
    // The test server speaks plain IMAP: a TLS handshake with it fails.
    const tls = new ImapStorage("mail", server.config({ security: "tls", host: "localhost" }));
    try {
      const failure = await tls.discover().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(String((failure as Error).message)).toContain("localhost");
    } finally {
      await tls.close();
    }
  });

  it("says whose login the server refused, and never the password", async () => {
    const wrong = new ImapStorage("mail", server.config({ password: "wrong-secret-password" }));
    try {
      const failure = await wrong.discover().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AuthError);
      const text = String((failure as Error).message);
      expect(text).toContain("127.0.0.1");
      expect(text).toContain(server.username);
      expect(text).not.toContain("wrong-secret-password");
    } finally {
      await wrong.close();
    }
  });
});
