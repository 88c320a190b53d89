import { describe, expect, it } from "vitest";
import { parseContentLine, readContentLines, trimTrailingBlanks } from "./content-line.js";

const firstLine = (text: string) => {
  const [line] = readContentLines(text);
  if (line === undefined) throw new Error("no line read");
  return line;
};

describe("readContentLines", () => {
  it("unfolds continuations that start with a space or a tab", () => {
    const lines = readContentLines("DESCRIPTION:one\r\n two\r\n\tthree\r\nSUMMARY:x\r\n");
    expect(lines.map((line) => [line.name, line.tail])).toEqual([
      ["DESCRIPTION", ":onetwothree"],
      ["SUMMARY", ":x"],
    ]);
    expect(lines[0]?.physical).toEqual(["DESCRIPTION:one", " two", "\tthree"]);
  });

  it("accepts CRLF, LF and lone CR, mixed in one text", () => {
    const lines = readContentLines("A:1\r\nB:2\nC:3\rD:4\r\n e");
    expect(lines.map((line) => line.name + line.tail)).toEqual(["A:1", "B:2", "C:3", "D:4e"]);
  });

  it("skips empty physical lines, even between a line and its continuation", () => {
    const lines = readContentLines("\r\nSUMMARY:hel\r\n\r\n lo\n\n\nUID:1\n");
    expect(lines.map((line) => line.name + line.tail)).toEqual(["SUMMARY:hello", "UID:1"]);
  });

  it("drops lines that hold only blanks", () => {
    expect(readContentLines("A:1\n  \n\t\nB:2").map((line) => line.name)).toEqual(["A", "B"]);
  });

  it("reads a continuation with nothing to continue as a line of its own", () => {
    expect(readContentLines(" SUMMARY:x").map((line) => line.name + line.tail)).toEqual(["SUMMARY:x"]);
  });

  it("uppercases and trims names, keeping a vCard group", () => {
    expect(firstLine("item1.email;type=INTERNET:a@b.c")).toMatchObject({
      name: "ITEM1.EMAIL",
      tail: ";type=INTERNET:a@b.c",
    });
    expect(firstLine("summary :x").name).toBe("SUMMARY");
  });

  it("reads a line without colon as a name without tail", () => {
    expect(firstLine("this is not a content line")).toMatchObject({
      name: "THIS IS NOT A CONTENT LINE",
      tail: "",
    });
  });
});

describe("parseContentLine", () => {
  const parse = (text: string) => parseContentLine(firstLine(text));

  it("splits parameters and value", () => {
    expect(parse("DTSTART;TZID=Europe/Berlin;VALUE=DATE-TIME:20240108T100000")).toEqual({
      parameters: [
        { name: "TZID", value: "Europe/Berlin" },
        { name: "VALUE", value: "DATE-TIME" },
      ],
      value: "20240108T100000",
    });
  });

  it("keeps colons in the value", () => {
    expect(parse("URL:https://example.org:8443/a;b").value).toBe("https://example.org:8443/a;b");
  });

  it("reads quoted parameter values holding ':' and ';' and drops the quotes", () => {
    expect(parse('ATTENDEE;CN="Doe; Jane";DELEGATED-FROM="mailto:a@b.c":mailto:jane@b.c')).toEqual({
      parameters: [
        { name: "CN", value: "Doe; Jane" },
        { name: "DELEGATED-FROM", value: "mailto:a@b.c" },
      ],
      value: "mailto:jane@b.c",
    });
  });

  it("uppercases parameter names and accepts bare vCard 2.1 parameters", () => {
    expect(parse("TEL;work;voice;type=cell:+1 555").parameters).toEqual([
      { name: "WORK", value: "" },
      { name: "VOICE", value: "" },
      { name: "TYPE", value: "cell" },
    ]);
  });

  it("takes the value from the first colon when a quote is left open", () => {
    expect(parse('SUMMARY;X-NOTE="open:value here')).toEqual({
      parameters: [{ name: "X-NOTE", value: "open" }],
      value: "value here",
    });
  });

  it("gives an empty value to a line without colon", () => {
    expect(parse("GARBAGE;X=1")).toEqual({ parameters: [{ name: "X", value: "1" }], value: "" });
    expect(parse("GARBAGE")).toEqual({ parameters: [], value: "" });
  });
});

describe("trimTrailingBlanks", () => {
  it("drops trailing spaces and tabs only", () => {
    expect(trimTrailingBlanks("a b \t ")).toBe("a b");
    expect(trimTrailingBlanks("a\u00a0")).toBe("a\u00a0");
    expect(trimTrailingBlanks(" \t")).toBe("");
  });
});
