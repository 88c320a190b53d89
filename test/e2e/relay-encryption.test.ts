/**
 * A relay encrypted with a passphrase, in a folder, on WebDAV and in S3: names, contents and exact sizes cannot be read from it, a
 * wrong passphrase is refused with a message that says so and applies nothing, and the
 * passphrase never shows in output, logs or the status.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { RelayPlaces } from "../support/relay-places.js";
import { describeRelayStores } from "../support/relay/stores.js";
import { clean } from "../support/trees.js";

const passphrase = "correct horse battery staple";
describeRelayStores("an encrypted relay", (_kind, store) => {
  let ws: RelayPlaces;
  beforeEach(async () => {
    ws = new RelayPlaces(["home", "anna"], {
      store: store(),
      relay: `passphrase = { env = "RELAY_PASSPHRASE" }`,
    });
    ws.env.RELAY_PASSPHRASE = passphrase;
    ws.write("home/notes.md", "notes\n");
    ws.cloneTree("home");
    clean(await ws.at("home", "relay", "init", "relay", "--places", "home,anna"));
    for (const place of ws.places) clean(await ws.at(place, "sync"));
  });
  afterEach(() => ws.dispose());

  it("neither names nor contents nor exact sizes can be read from the relay", async () => {
    ws.write("home/secret-letter.txt", "the treasure is under the oak\n");
    ws.write("home/notes.md", "notes about the treasure\n");
    clean(await ws.at("home", "sync", "-v"));
    const files = ws.relayFiles();
    expect(ws.pending().length).toBeGreaterThan(1);
    for (const [key, content] of Object.entries(files)) {
      expect(key).not.toMatch(/secret|notes|letter/);
      if (key === "relay.json") continue;
      expect(content.toString("latin1")).not.toMatch(/treasure|secret|notes|letter|oak/);
      // Sealed whole (nonce and tag around 4 KiB blocks), or a blob's prefix and one sealed chunk.
      expect([12 + 16, 8 + 16]).toContain(content.length % 4096);
    }

    clean(await ws.at("anna", "sync"));
    expect(ws.read("anna/secret-letter.txt")).toBe("the treasure is under the oak\n");
    expect(ws.read("anna/notes.md")).toBe("notes about the treasure\n");
  });

  it("a wrong passphrase is refused, says so, and applies nothing; no passphrase shows anywhere", async () => {
    ws.write("home/secret-letter.txt", "the treasure is under the oak\n");
    const home = clean(await ws.at("home", "sync", "-v"));
    ws.env.RELAY_PASSPHRASE = "wrong horse";
    const refused = await ws.at("anna", "sync", "-v");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/wrong passphrase/);
    expect(Object.keys(ws.tree("anna"))).toEqual(["notes.md"]);

    ws.env.RELAY_PASSPHRASE = passphrase;
    const anna = clean(await ws.at("anna", "sync", "-v"));
    const status = clean(await ws.at("anna", "relay", "status", "relay"));
    for (const run of [home, refused, anna, status]) {
      expect(run.stdout + run.stderr).not.toMatch(/horse/);
    }
    for (const place of ws.places) {
      for (const name of readdirSync(ws.path("status", place))) {
        expect(readFileSync(ws.path("status", place, name)).toString("latin1")).not.toMatch(/horse/);
      }
    }
    expect(ws.read("anna/secret-letter.txt")).toBe("the treasure is under the oak\n");
  });
});
