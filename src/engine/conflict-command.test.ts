import { describe, expect, it } from "vitest";
import { asHref, asVersion, bytesBody } from "../contract/index.js";
import { commandResolver } from "./conflict-command.js";
import type { ConflictInput } from "./execute.js";

const side = (text: string) => ({
  item: { href: asHref("x.ics"), version: asVersion("1"), hash: text },
  body: bytesBody(new TextEncoder().encode(text)),
});
const conflict: ConflictInput = { ident: "x", a: side("from a\n"), b: side("from b\n") };
const node = (script: string) => [process.execPath, "-e", script];

describe("commandResolver", () => {
  it("takes the merged content when the command leaves both files equal", async () => {
    const merge = node(
      "const fs=require('fs');const [a,b]=process.argv.slice(1);const m=fs.readFileSync(a,'utf8')+fs.readFileSync(b,'utf8');fs.writeFileSync(a,m);fs.writeFileSync(b,m)",
    );
    const decision = await commandResolver(merge, () => ".ics").decide(conflict);
    expect(decision.kind).toBe("merged");
    expect(decision.kind === "merged" && new TextDecoder().decode(decision.content)).toBe("from a\nfrom b\n");
  });

  it("leaves the conflict when the files still differ", async () => {
    expect(await commandResolver(node("0"), () => ".ics").decide(conflict)).toEqual({ kind: "skip" });
  });

  it("leaves the conflict when the command fails", async () => {
    const failing = node(
      "const fs=require('fs');const [a,b]=process.argv.slice(1);fs.copyFileSync(a,b);process.exit(3)",
    );
    expect(await commandResolver(failing, () => ".ics").decide(conflict)).toEqual({ kind: "skip" });
  });

  it("is named by its command line, quoted as a shell would need it", () => {
    const resolver = commandResolver(["sh", "-c", 'cp "$1" "$2"', "it's"], () => ".ics");
    expect(resolver.by).toBe(`command sh -c 'cp "$1" "$2"' 'it'\\''s'`);
  });
});
