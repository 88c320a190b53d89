/**
 * `conflict_resolution = { cmd = [...] }`: the command gets both versions as two temporary
 * files (A's first) and merges them in place. The conflict counts as resolved only when it exits
 * 0 and leaves both files identical; anything else leaves the conflict for the user.
 * @module
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Body } from "../contract/index.js";
import type { ConflictDecision, ConflictInput, ConflictResolver } from "./execute.js";

/**
 * Runs the command on the user's terminal (a merge tool such as vimdiff needs it) and tells
 * whether it exited 0.
 */
function runAttached(program: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: "inherit" });
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0));
  });
}

/** Writes a body to a new private file, as it streams. */
async function writeBody(path: string, body: Body): Promise<void> {
  await pipeline(Readable.from(body.open()), createWriteStream(path, { mode: 0o600, flags: "wx" }));
}

/** `extensionFor` names the temporary files so the merge tool recognises their format. */
export function commandResolver(
  argv: readonly string[],
  extensionFor: (body: Body) => string,
): ConflictResolver {
  const [program, ...args] = argv;
  if (program === undefined) throw new TypeError("conflict command is empty");
  return { by: `command ${argv.map(shellWord).join(" ")}`, decide: mergeWith(program, args, extensionFor) };
}

function mergeWith(
  program: string,
  args: readonly string[],
  extensionFor: (body: Body) => string,
): (conflict: ConflictInput) => Promise<ConflictDecision> {
  return async (conflict) => {
    const folder = await mkdtemp(join(tmpdir(), "concord-conflict-"));
    try {
      const extension = extensionFor(conflict.a.body);
      const paths = { a: join(folder, `a${extension}`), b: join(folder, `b${extension}`) };
      await writeBody(paths.a, conflict.a.body);
      await writeBody(paths.b, conflict.b.body);
      if (!(await runAttached(program, [...args, paths.a, paths.b]))) return { kind: "skip" };
      const [a, b] = await Promise.all([readFile(paths.a), readFile(paths.b)]);
      return a.equals(b) ? { kind: "merged", content: a } : { kind: "skip" };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };
}

/** The word as a shell would need it typed, so the command shows as the user configured it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
