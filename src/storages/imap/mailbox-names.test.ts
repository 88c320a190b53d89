import { describe, expect, it } from "vitest";
import { asCollectionId } from "../../contract/index.js";
import { idOfMailbox, mailboxOfId } from "./mailbox-names.js";

describe("mailbox names", () => {
  it.each([
    ["INBOX", "/", "INBOX"],
    ["INBOX/Sub", "/", "INBOX/Sub"],
    ["INBOX.Sub", ".", "INBOX/Sub"],
    ["a/b.c", ".", "a%2Fb/c"],
    ["100%", "/", "100%25"],
    ["Zürich 東京", ".", "Zürich 東京"],
    ["..", "/", "%2E%2E"],
    ["flat/name", "", "flat%2Fname"],
  ])("%j with delimiter %j is the id %j, and back", (path, delimiter, id) => {
    expect(idOfMailbox(path, delimiter)).toBe(id);
    expect(mailboxOfId(asCollectionId(id), delimiter)).toBe(path);
  });

  it("gives no id to a name with an empty level", () => {
    expect(idOfMailbox("a..b", ".")).toBeUndefined();
  });

  it.each([
    ["a.b", "."],
    ["a/b", ""],
    ["%41", "/"],
  ])("gives no mailbox to the id %j with delimiter %j", (id, delimiter) => {
    expect(mailboxOfId(asCollectionId(id), delimiter)).toBeUndefined();
  });
});
