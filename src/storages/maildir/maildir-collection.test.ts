import { randomBytes } from "node:crypto";
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  asCollectionId,
  asHref,
  bytesBody,
  type Collection,
  type Fetched,
  type Href,
  type Listing,
  readBody,
} from "../../contract/index.js";
import { InvalidDataError, NotFoundError, PreconditionFailedError } from "../../errors/index.js";
import { flagAttributes } from "../../models/message.js";
import { definition } from "./index.js";
import { removeStaleTemps } from "./stale-temps.js";

const encoder = new TextEncoder();
const message = (subject: string) => bytesBody(encoder.encode(`Subject: ${subject}\r\n\r\nHello.\r\n`));

let root: string;
let folder: string;
let collection: Collection;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "concord-maildir-"));
  const storage = await definition.create(
    "test",
    definition.configSchema.parse({ type: "maildir", path: root }),
  );
  const info = await storage.createCollection!(asCollectionId("INBOX"), {});
  folder = info.href;
  collection = storage.open(info);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const files = (sub: string) => readdirSync(join(folder, sub)).sort();

/** Creates a message and flushes, as the engine does before it records a write. */
async function deliver(...args: Parameters<Collection["create"]>) {
  const written = await collection.create(...args);
  await collection.flush?.();
  return written;
}

async function full(): Promise<Extract<Listing, { kind: "full" }>> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error(`listed ${listing.kind}`);
  return listing;
}

async function fetched(href: Href): Promise<Fetched> {
  for await (const answer of collection.get([href])) return answer;
  throw new Error("nothing fetched");
}

describe("create", () => {
  it("writes to tmp/ and delivers at flush, many messages made durable together", async () => {
    const written = await collection.create(message("later"), "x");
    expect(files("new")).toEqual([]);
    expect(files("tmp")).toEqual([written.href]);
    await collection.flush?.();
    expect(files("tmp")).toEqual([]);
    expect(files("new")).toEqual([written.href]);
    expect((await full()).items.map((item) => [item.href, item.version])).toEqual([
      [written.href, written.version],
    ]);
  });

  it("delivers what is pending before any read of the folder", async () => {
    const written = await collection.create(message("listed"), "x");
    expect((await full()).items.map((item) => item.href)).toEqual([written.href]);
  });

  it("delivers a message without flags to new/ and one with flags to cur/, sorted, with LF line ends", async () => {
    const plain = await deliver(message("plain"), "ignored/../name");
    const flagged = await deliver(message("flagged"), "x", {
      attributes: flagAttributes(["\\Seen", "\\Flagged", "$Forwarded"]),
    });
    expect(files("new")).toEqual([plain.href]);
    expect(files("cur")).toEqual([`${flagged.href}:2,FPS`]);
    expect(files("tmp")).toEqual([]);
    expect(flagged.attributes).toEqual(flagAttributes(["\\Seen", "\\Flagged", "$Forwarded"]));
    expect(readFileSync(join(folder, "new", plain.href), "utf8")).toBe("Subject: plain\n\nHello.\n");
    expect(statSync(join(folder, "new", plain.href)).mode & 0o777).toBe(0o600);
    expect(plain.href).toMatch(/^\d+\.M\d+P\d+Q\d+R[0-9a-f]{8}\.[^/:]+$/);

    const listing = await full();
    expect(new Map(listing.items.map((item) => [item.href, [item.version, item.attributes]]))).toEqual(
      new Map([
        [plain.href, [plain.version, {}]],
        [flagged.href, [flagged.version, flagged.attributes]],
      ]),
    );
  });
});

describe("setAttributes", () => {
  it("moves a message from new/ to cur/ when it gets flags, keeping its href", async () => {
    const created = await deliver(message("new"), "x");
    const written = await collection.setAttributes!(
      created.href,
      created.version,
      flagAttributes(["\\Seen"]),
    );
    expect(written.href).toBe(created.href);
    expect(written.version).not.toBe(created.version);
    expect(files("new")).toEqual([]);
    expect(files("cur")).toEqual([`${created.href}:2,S`]);
    const listing = await full();
    expect(listing.items).toEqual([
      {
        href: created.href,
        version: written.version,
        attributes: written.attributes,
        // The delivery time its unique name starts with.
        received: Number(created.href.split(".")[0]) * 1000,
      },
    ]);
  });

  it("never renames when nothing changes", async () => {
    const created = await deliver(message("same"), "x", { attributes: flagAttributes(["\\Seen"]) });
    const fresh = await deliver(message("fresh"), "y");
    const before = statSync(join(folder, "cur"), { bigint: true });
    const beforeNew = statSync(join(folder, "new"), { bigint: true });

    const again = await collection.setAttributes!(created.href, created.version, flagAttributes(["\\Seen"]));
    const unflagged = await collection.setAttributes!(fresh.href, fresh.version, {});
    expect(again.version).toBe(created.version);
    expect(unflagged.version).toBe(fresh.version);
    expect(statSync(join(folder, "cur"), { bigint: true }).mtimeNs).toBe(before.mtimeNs);
    expect(statSync(join(folder, "new"), { bigint: true }).mtimeNs).toBe(beforeNew.mtimeNs);
  });

  it("keeps a message in cur/ once its flags are all removed", async () => {
    const created = await deliver(message("read"), "x", { attributes: flagAttributes(["\\Seen"]) });
    await collection.setAttributes!(created.href, created.version, {});
    expect(files("cur")).toEqual([`${created.href}:2,`]);
    expect(files("new")).toEqual([]);
  });

  it("fails on a stale version and renames nothing", async () => {
    const created = await deliver(message("x"), "x");
    await collection.setAttributes!(created.href, created.version, flagAttributes(["\\Seen"]));
    await expect(
      collection.setAttributes!(created.href, created.version, flagAttributes(["\\Flagged"])),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(files("cur")).toEqual([`${created.href}:2,S`]);
  });

  it("writes the keywords dovecot-keywords names and says which it held", async () => {
    writeFileSync(join(folder, "dovecot-keywords"), "0 Junk\n1 $Label1\n");
    await full();
    const created = await deliver(message("x"), "x", {
      attributes: flagAttributes(["\\Seen", "junk", "NotNamed"]),
    });
    expect(created.attributes).toEqual(flagAttributes(["\\Seen", "Junk"]));
    expect(files("cur")).toEqual([`${created.href}:2,Sa`]);
    const listed = (await full()).items[0];
    expect(listed?.attributes).toEqual(flagAttributes(["\\Seen", "Junk"]));
  });
});

describe("a mail client working on the folder", () => {
  it("renaming a message between list and get: get finds it by its unique part", async () => {
    const created = await deliver(message("moved"), "x");
    const listed = (await full()).items[0];
    renameSync(join(folder, "new", created.href), join(folder, "cur", `${created.href}:2,RS`));

    const answer = await fetched(created.href);
    if ("error" in answer) throw answer.error;
    expect(answer.version).not.toBe(listed?.version);
    expect(answer.attributes).toEqual(flagAttributes(["\\Seen", "\\Answered"]));
    expect(new TextDecoder().decode(await readBody(answer.body))).toBe("Subject: moved\n\nHello.\n");
  });

  it("renaming a message between get and reading its body: the body is still read", async () => {
    const created = await deliver(message("moved later"), "x");
    const answer = await fetched(created.href);
    if ("error" in answer) throw answer.error;
    renameSync(join(folder, "new", created.href), join(folder, "cur", `${created.href}:2,S`));
    expect(new TextDecoder().decode(await readBody(answer.body))).toBe("Subject: moved later\n\nHello.\n");
  });

  it("renaming a message after it was listed makes a write with that listing's version fail", async () => {
    const created = await deliver(message("x"), "x");
    renameSync(join(folder, "new", created.href), join(folder, "cur", `${created.href}:2,F`));
    await expect(collection.delete(created.href, created.version)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await expect(
      collection.setAttributes!(created.href, created.version, flagAttributes(["\\Seen"])),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(files("cur")).toEqual([`${created.href}:2,F`]);
  });

  it("removing a message: get answers NotFoundError for it alone", async () => {
    const gone = await deliver(message("gone"), "x");
    const kept = await deliver(message("kept"), "y");
    await full();
    await rm(join(folder, "new", gone.href));
    const answers = new Map<Href, Fetched>();
    for await (const answer of collection.get([gone.href, kept.href, asHref("../../etc/passwd")])) {
      answers.set(answer.href, answer);
    }
    expect(answers.get(gone.href)).toMatchObject({ error: expect.any(NotFoundError) });
    expect(answers.get(asHref("../../etc/passwd"))).toMatchObject({ error: expect.any(NotFoundError) });
    expect(answers.get(kept.href)).not.toHaveProperty("error");
  });
});

describe("list", () => {
  it("skips what is no message, and leaves both copies of a message held twice alone", async () => {
    const copied = await deliver(message("copied"), "x", {
      attributes: flagAttributes(["\\Seen"]),
    });
    writeFileSync(join(folder, "new", copied.href), "Subject: copied\n\nHello.\n");
    writeFileSync(join(folder, "cur", ".hidden"), "x");
    writeFileSync(join(folder, "cur", "odd:1,experimental"), "x");
    mkdirSync(join(folder, "cur", "a folder"));
    const plain = await deliver(message("plain"), "y");

    const listing = await full();
    expect(listing.items.map((item) => item.href)).toEqual([plain.href]);
    const skipped = new Map(listing.skipped?.map((entry) => [entry.where, entry]));
    expect(skipped.get(join(folder, "new", copied.href))).toMatchObject({ href: copied.href });
    expect(skipped.get(join(folder, "cur", `${copied.href}:2,S`))).toMatchObject({ href: copied.href });
    expect(skipped.get(join(folder, "cur", "odd:1,experimental"))).toMatchObject({ href: "odd" });
    expect(skipped.get(join(folder, "cur", ".hidden"))).not.toHaveProperty("href");
    expect(skipped.get(join(folder, "cur", "a folder"))).not.toHaveProperty("href");
  });

  it.skipIf(process.getuid?.() === 0)(
    "an unreadable message is an error for that message only (skipped as root, who reads every file)",
    async () => {
      const unreadable = await deliver(message("secret"), "x");
      const readable = await deliver(message("open"), "y");
      chmodSync(join(folder, "new", unreadable.href), 0o000);
      expect((await full()).items).toHaveLength(2);
      const bad = await fetched(unreadable.href);
      const reading = "error" in bad ? Promise.reject(bad.error) : readBody(bad.body);
      await expect(reading).rejects.toBeInstanceOf(InvalidDataError);
      const good = await fetched(readable.href);
      if ("error" in good) throw good.error;
      expect(await readBody(good.body)).toBeInstanceOf(Uint8Array);
    },
  );

  it("answers unchanged while nothing was added, removed or renamed, and in full after", async () => {
    const kept = await deliver(message("kept"), "x");
    // A stamp younger than a second does not vouch for the folder: no state yet.
    expect((await full()).state).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const first = await full();
    expect(first.state).toBeDefined();
    expect(await collection.list(first.state)).toEqual({ kind: "unchanged", state: first.state });

    renameSync(join(folder, "new", kept.href), join(folder, "cur", `${kept.href}:2,F`));
    const after = await collection.list(first.state);
    expect(after.kind).toBe("full");
    expect(after.kind === "full" && after.items[0]?.attributes).toEqual(flagAttributes(["\\Flagged"]));
  });

  it("a message of binary garbage is listed and read back byte for byte", async () => {
    const garbage = randomBytes(100_000);
    garbage[0] = 0;
    writeFileSync(join(folder, "cur", "garbage.host:2,S"), garbage);
    const listing = await full();
    expect(listing.items.map((item) => item.href)).toEqual(["garbage.host"]);
    const answer = await fetched(asHref("garbage.host"));
    if ("error" in answer) throw answer.error;
    expect(Buffer.from(await readBody(answer.body)).equals(garbage)).toBe(true);
  });
});

describe("removeStaleTemps", () => {
  it("removes deliveries untouched for more than 36 hours, and no younger ones", () => {
    mkdirSync(join(folder, "tmp"), { recursive: true });
    writeFileSync(join(folder, "tmp", "left"), "x");
    const hour = 60 * 60 * 1000;
    removeStaleTemps(folder, Date.now() + 35 * hour);
    expect(files("tmp")).toEqual(["left"]);
    removeStaleTemps(folder, Date.now() + 37 * hour);
    expect(files("tmp")).toEqual([]);
  });
});

describe("update", () => {
  it("replaces the content under the same name, keeping the flags", async () => {
    const created = await deliver(message("before"), "x", {
      attributes: flagAttributes(["\\Seen"]),
    });
    const updated = await collection.update(created.href, created.version, message("after"));
    expect(updated.href).toBe(created.href);
    expect(updated.version).not.toBe(created.version);
    expect(updated.attributes).toEqual(flagAttributes(["\\Seen"]));
    expect(files("cur")).toEqual([`${created.href}:2,S`]);
    expect(files("tmp")).toEqual([]);
    expect(readFileSync(join(folder, "cur", `${created.href}:2,S`), "utf8")).toBe(
      "Subject: after\n\nHello.\n",
    );
  });
});
