/**
 * Questions on the terminal: confirming a plan (`--interactive`) and deciding a conflict
 * (`conflict_resolution = "ask"` and `concord resolve`).
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { readBody } from "../contract/index.js";
import type { ConflictDecision, ConflictInput } from "../engine/execute.js";
import type { Plan } from "../engine/plan.js";
import { describeAction, isWrite } from "./describe-action.js";
import type { Output } from "./output.js";

async function ask(question: string): Promise<string> {
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await readline.question(question)).trim().toLowerCase();
  } finally {
    readline.close();
  }
}

export async function confirmPlan(name: string, plan: Plan, out: Output): Promise<boolean> {
  const writes = plan.actions.filter(isWrite);
  if (writes.length === 0) return true;
  out.problem(`${name}: the plan is`);
  for (const action of writes) out.problem(`  ${describeAction(action)}`);
  return (await ask("Apply it? [y/N] ")) === "y";
}

/** Shows what differs and asks which version to keep, or to merge both in $EDITOR. */
export async function askConflict(
  conflict: ConflictInput & { collection?: string },
  out: Output,
): Promise<ConflictDecision> {
  out.problem(`conflict: ${conflict.ident}${conflict.collection ? ` in ${conflict.collection}` : ""}`);
  const [a, b] = await Promise.all([readBody(conflict.a.body), readBody(conflict.b.body)]);
  for (const line of lineDiff(text(a), text(b))) out.problem(`  ${line}`);
  for (;;) {
    const answer = await ask("keep [a], keep [b], [e]dit both in $EDITOR, or [s]kip? ");
    if (answer === "a" || answer === "b") return { kind: "keep", side: answer };
    if (answer === "s" || answer === "") return { kind: "skip" };
    if (answer === "e") {
      const merged = await editBoth(conflict);
      if (merged) return { kind: "merged", content: merged };
      out.problem("the two files still differ; make them equal to merge, or choose a or b");
    }
  }
}

const text = (content: Uint8Array) => new TextDecoder().decode(content);

/** Lines only in a ("a| ...") and only in b ("b| ..."): enough to see what the conflict is about. */
function lineDiff(a: string, b: string): string[] {
  const linesA = a.split(/\r?\n/);
  const linesB = b.split(/\r?\n/);
  const inB = new Set(linesB);
  const inA = new Set(linesA);
  return [
    ...linesA.filter((line) => !inB.has(line)).map((line) => `a| ${line}`),
    ...linesB.filter((line) => !inA.has(line)).map((line) => `b| ${line}`),
  ];
}

/** Opens both versions in the user's editor; returns the content once both files are equal. */
async function editBoth(conflict: ConflictInput): Promise<Uint8Array | undefined> {
  const folder = await mkdtemp(join(tmpdir(), "concord-resolve-"));
  try {
    const paths = [join(folder, "a.txt"), join(folder, "b.txt")] as const;
    await writeFile(paths[0], await readBody(conflict.a.body), { mode: 0o600 });
    await writeFile(paths[1], await readBody(conflict.b.body), { mode: 0o600 });
    const editor = process.env.VISUAL || process.env.EDITOR || "vi";
    await new Promise<void>((resolve) => {
      // The editor may carry arguments ("code --wait"), so it goes through the shell as users expect.
      const child = spawn("/bin/sh", ["-c", `${editor} "$@"`, "concord-edit", ...paths], {
        stdio: "inherit",
      });
      child.on("exit", () => resolve());
      child.on("error", () => resolve());
    });
    const [a, b] = await Promise.all(paths.map((path) => readFile(path)));
    return a && b && a.equals(b) ? a : undefined;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
