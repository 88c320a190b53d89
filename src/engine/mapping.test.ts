import { describe, expect, it } from "vitest";
import { asCollectionId } from "../contract/index.js";
import { resolveMappings } from "./mapping.js";

const info = (id: string, href: string) => ({ id: asCollectionId(id), href });
const found = {
  a: [
    info("work", "https://dav.example.com/u/calendars/work/"),
    info("home", "https://dav.example.com/u/calendars/home/"),
  ],
  b: [info("work", "/home/me/.calendars/work"), info("family", "/home/me/.calendars/family")],
};

describe("resolveMappings", () => {
  it('"all" maps every id of either side, "from a" those of a', () => {
    const names = (kind: Parameters<typeof resolveMappings>[0]) =>
      resolveMappings(kind, found).map((m) => [m.name, !!m.a.found, !!m.b.found]);
    expect(names({ kind: "all" })).toEqual([
      ["family", false, true],
      ["home", true, false],
      ["work", true, true],
    ]);
    expect(names({ kind: "from", side: "a" })).toEqual([
      ["home", true, false],
      ["work", true, true],
    ]);
  });

  it('"from a" keeps a remembered collection gone from a but still on b, so that its deletion is carried', () => {
    const mapped = resolveMappings({ kind: "from", side: "a" }, found, ["family", "gone", "work"]);
    expect(mapped.map((m) => [m.name, !!m.a.found, !!m.b.found])).toEqual([
      ["family", false, true],
      ["home", true, false],
      ["work", true, true],
    ]);
  });

  it("finds a side named by id, full URL or path, and names a missing one by its last segment", () => {
    const [byUrl, byPath, missing] = resolveMappings(
      {
        kind: "list",
        entries: [
          { name: "w", a: "https://dav.example.com/u/calendars/work", b: "work" },
          { name: "h", a: "/u/calendars/home/", b: "family" },
          { name: "n", a: "https://dav.example.com/u/calendars/new/", b: "new" },
        ],
      },
      found,
    );
    expect(byUrl?.a.found?.id).toBe("work");
    expect(byPath?.a.found?.id).toBe("home");
    expect(missing?.a).toEqual({ id: "new", found: undefined });
  });

  it("pairs collections of one role under different names, and only where the role is unambiguous", () => {
    const mail = (id: string, role?: "sent" | "trash" | "inbox") => ({
      ...info(id, id),
      ...(role ? { role } : {}),
    });
    const mapped = resolveMappings(
      { kind: "all" },
      {
        a: [
          mail("INBOX", "inbox"),
          mail("Sent Items", "sent"),
          mail("Deleted", "trash"),
          mail("Old Trash", "trash"),
        ],
        b: [mail("INBOX", "inbox"), mail("Sent", "sent"), mail("Trash", "trash")],
      },
    );
    expect(mapped.map((m) => [m.name, m.a.found?.id, m.b.found?.id])).toEqual([
      ["Deleted", "Deleted", undefined],
      ["INBOX", "INBOX", "INBOX"],
      ["Old Trash", "Old Trash", undefined],
      ["Sent Items:Sent", "Sent Items", "Sent"],
      ["Trash", undefined, "Trash"],
    ]);
  });

  it("maps a nested collection found on one side to the same nested id on the other", () => {
    const mapped = resolveMappings({ kind: "all" }, { a: [info("INBOX/Lists.dev", "x")], b: [] });
    expect(mapped.map((m) => [m.name, m.a.id, m.b.id, m.b.found])).toEqual([
      ["INBOX/Lists.dev", "INBOX/Lists.dev", "INBOX/Lists.dev", undefined],
    ]);
  });
});
