/**
 * The storage beside notmuch, as its users keep mail: notmuch indexes a Maildir the storage
 * wrote, and with `synchronize_flags` renames the files when tags change; the storage must see the
 * same message under the same href with its new flags, and notmuch must see the storage's flags.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asCollectionId, bytesBody, type Collection, type ListedItem } from "../../contract/index.js";
import { flagAttributes } from "../../models/message.js";
import { definition } from "./index.js";

const installed = spawnSync("notmuch", ["--version"]).status === 0;

let root: string;
let collection: Collection;
let env: NodeJS.ProcessEnv;

function notmuch(...args: string[]): string {
  const run = spawnSync("notmuch", args, { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`notmuch ${args.join(" ")}: ${run.stderr}`);
  return run.stdout.trim();
}

const message = (id: string) =>
  bytesBody(
    new TextEncoder().encode(
      `From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nMessage-ID: <${id}@example.org>\r\n` +
        `Date: Tue, 02 Jan 2024 10:00:00 +0000\r\nSubject: ${id}\r\n\r\nHello.\r\n`,
    ),
  );

async function listed(): Promise<Map<string, ListedItem>> {
  const listing = await collection.list();
  if (listing.kind !== "full") throw new Error(`listed ${listing.kind}`);
  return new Map(listing.items.map((item) => [item.href, item]));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "concord-notmuch-"));
  const mail = join(root, "mail");
  const storage = await definition.create(
    "test",
    definition.configSchema.parse({ type: "maildir", path: mail }),
  );
  collection = storage.open(await storage.createCollection!(asCollectionId("INBOX"), {}));
  const config = join(root, "notmuch-config");
  writeFileSync(
    config,
    `[database]\npath=${mail}\n[user]\nname=Bob\nprimary_email=bob@example.org\n` +
      "[new]\ntags=unread;inbox\n[maildir]\nsynchronize_flags=true\n",
  );
  env = { ...process.env, HOME: root, NOTMUCH_CONFIG: config, NOTMUCH_PROFILE: "" };
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

// Under CI the package is installed (.ci/run), so a missing notmuch fails there instead.
describe.skipIf(!installed && !process.env.CI)("maildir beside notmuch (Debian package notmuch)", () => {
  it("a tag notmuch adds renames the file, and the listing shows the flag on the same href", async () => {
    const read = await collection.create(message("read"), "read", { attributes: flagAttributes(["\\Seen"]) });
    const fresh = await collection.create(message("fresh"), "fresh");
    await collection.flush?.();
    notmuch("new", "--quiet");
    const before = await listed();

    notmuch("tag", "+flagged", "--", "id:read@example.org", "or", "id:fresh@example.org");
    const after = await listed();
    expect([...after.keys()].sort()).toEqual([read.href, fresh.href].sort());
    expect(after.get(read.href)?.attributes).toEqual(flagAttributes(["\\Seen", "\\Flagged"]));
    expect(after.get(fresh.href)?.attributes).toEqual(flagAttributes(["\\Flagged"]));
    for (const href of [read.href, fresh.href]) {
      expect(after.get(href)?.version).not.toBe(before.get(href)?.version);
    }
  });

  it("flags the storage sets are tags notmuch reads", async () => {
    const created = await collection.create(message("marked"), "marked");
    await collection.flush?.();
    notmuch("new", "--quiet");
    expect(notmuch("search", "--output=messages", "tag:unread")).toBe("id:marked@example.org");

    await collection.setAttributes!(created.href, created.version, flagAttributes(["\\Seen", "\\Answered"]));
    notmuch("new", "--quiet");
    expect(notmuch("search", "--output=messages", "tag:unread")).toBe("");
    expect(notmuch("search", "--output=messages", "tag:replied")).toBe("id:marked@example.org");
  });
});
