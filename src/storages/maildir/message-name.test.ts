import { describe, expect, it } from "vitest";
import { flagAttributes } from "../../models/message.js";
import { keywordsFrom, noKeywords } from "./keywords.js";
import { attributesOf, fileName, lettersFor, parseName } from "./message-name.js";

describe("flag letters", () => {
  it("read as the IMAP flags mbsync maps them to", () => {
    expect(attributesOf("DFPRST", noKeywords)).toEqual(
      flagAttributes(["\\Draft", "\\Flagged", "$Forwarded", "\\Answered", "\\Seen", "\\Deleted"]),
    );
    expect(attributesOf(undefined, noKeywords)).toEqual({});
    expect(attributesOf("", noKeywords)).toEqual({});
  });

  it("are written in ASCII order for the flags given, each flag held", () => {
    const wanted = flagAttributes([
      "\\Seen",
      "\\Answered",
      "\\Flagged",
      "$Forwarded",
      "\\Draft",
      "\\Deleted",
    ]);
    expect(lettersFor(wanted, undefined, noKeywords)).toEqual({ letters: "DFPRST", held: wanted });
  });

  it("keep letters of other programs and drop the flags removed", () => {
    expect(lettersFor(flagAttributes(["\\Seen"]), "FSX", noKeywords)).toEqual({
      letters: "SX",
      held: flagAttributes(["\\Seen"]),
    });
  });

  it("hold no keyword the folder does not name", () => {
    expect(lettersFor(flagAttributes(["\\Seen", "Junk"]), undefined, noKeywords)).toEqual({
      letters: "S",
      held: flagAttributes(["\\Seen"]),
    });
  });
});

describe("keywords", () => {
  const keywords = keywordsFrom("0 Junk\n1 $Forwarded\n2 $Label1\nnot a line\n30 Out of range\n");

  it("are read from their letters and written with them, without case", () => {
    expect(attributesOf("Sac", keywords)).toEqual(flagAttributes(["\\Seen", "Junk", "$Label1"]));
    expect(lettersFor(flagAttributes(["junk", "\\Seen"]), "", keywords)).toEqual({
      letters: "Sa",
      held: flagAttributes(["Junk", "\\Seen"]),
    });
  });

  it("$Forwarded is P and its keyword letter, and goes with both", () => {
    expect(attributesOf("b", keywords)).toEqual(flagAttributes(["$Forwarded"]));
    expect(lettersFor(flagAttributes(["$Forwarded"]), "", keywords).letters).toBe("Pb");
    expect(lettersFor({}, "PSab", keywords).letters).toBe("");
  });

  it("a letter the file does not name is kept as it is", () => {
    expect(attributesOf("z", keywords)).toEqual({});
    expect(lettersFor(flagAttributes(["\\Seen"]), "az", keywords).letters).toBe("Sz");
  });
});

describe("file names", () => {
  it("split into the unique part and the flag letters", () => {
    expect(parseName("1733240000.M1P2Q3.host:2,FS")).toEqual({
      kind: "message",
      unique: "1733240000.M1P2Q3.host",
      letters: "FS",
    });
    expect(parseName("1733240000.M1P2Q3.host")).toEqual({
      kind: "message",
      unique: "1733240000.M1P2Q3.host",
      letters: undefined,
    });
    expect(parseName("1733240000.M1P2Q3.host,S=42:2,")).toMatchObject({ letters: "" });
  });

  it("with an info other than 2, keep their unique part", () => {
    expect(parseName("abc:1,experimental")).toEqual({ kind: "unknown-info", unique: "abc" });
  });

  it("that are hidden, empty or hold control characters are none", () => {
    for (const name of [".hidden", ":2,S", "", "a\nb:2,S", "tab\there"]) {
      expect(parseName(name)).toEqual({ kind: "invalid" });
    }
  });

  it("are made back from their parts", () => {
    expect(fileName("abc", "FS")).toBe("abc:2,FS");
    expect(fileName("abc", "")).toBe("abc:2,");
    expect(fileName("abc", undefined)).toBe("abc");
  });
});
