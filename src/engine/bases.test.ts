import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asCollectionId, asHref, asVersion } from "../contract/index.js";
import { baseChange, baseSizeLimit, readBase } from "./bases.js";
import { StatusDb } from "./status.js";

let dir: string;
let status: StatusDb;
let collection: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "concord-bases-"));
  status = StatusDb.open(join(dir, "pair.sqlite"));
  collection = status.collection("cal", {
    idA: asCollectionId("x"),
    idB: asCollectionId("y"),
    hrefA: "/a/x",
    hrefB: "/b/y",
  }).key;
});
afterEach(() => {
  status.close();
  rmSync(dir, { recursive: true, force: true });
});

const content = new TextEncoder().encode(
  `BEGIN:VCARD\r\nFN:Jane\r\n${"NOTE:long\r\n".repeat(50)}END:VCARD\r\n`,
);
const put = (hash: string) =>
  ({
    kind: "put",
    row: { ident: "jane", hash, a: { href: asHref("jane.vcf"), version: asVersion("1") }, b: undefined },
  }) as const;

describe("bases", () => {
  it("keep an item's content compressed with its row, and give it back for that version only", () => {
    status.apply(collection, [put("h1"), ...baseChange("jane", "h1", content)]);
    expect(status.base(collection, "jane")?.packed.byteLength).toBeLessThan(content.byteLength / 4);
    const back = readBase(status, collection, "jane", "h1");
    expect(back && new TextDecoder().decode(back)).toBe(new TextDecoder().decode(content));
    // The row moved on to a version whose content was not at hand: the old base is not it.
    status.apply(collection, [put("h2")]);
    expect(readBase(status, collection, "jane", "h2")).toBeUndefined();
  });

  it("go with their row", () => {
    status.apply(collection, [put("h1"), ...baseChange("jane", "h1", content)]);
    status.apply(collection, [{ kind: "remove", ident: "jane" }]);
    expect(status.base(collection, "jane")).toBeUndefined();
  });

  it("are not kept above the size limit", () => {
    expect(baseChange("jane", "h1", new Uint8Array(baseSizeLimit))).toHaveLength(1);
    expect(baseChange("jane", "h1", new Uint8Array(baseSizeLimit + 1))).toEqual([]);
  });
});
