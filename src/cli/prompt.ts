/**
 * Questions to the user, answered on a terminal or from a pipe: confirming a plan
 * (`--interactive`) and deciding a conflict (`conflict_resolution = "ask"` and `concord resolve`).
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { type ContentMerge, modifiedAttribute, readBody } from "../contract/index.js";
import { diffContentLines } from "../formats/index.js";
import type { SideItem } from "../engine/types.js";
import type { ConflictDecision, ConflictInput } from "../engine/execute.js";
import type { Plan } from "../engine/plan.js";
import { describeAction, describeClash, isWrite } from "./describe-action.js";
import { diffView } from "./diff-view.js";
import type { Output } from "./output.js";
import type { Stop } from "./stop.js";

/**
 * The user's answers, one line each, from a terminal or from a pipe (`printf 'a\nb\n' | concord
 * resolve`). End of input (Ctrl-D, the end of the pipe) or a stop ends the answers: every
 * question after it gets none.
 */
export class Answers {
  readonly #stop: Stop;
  readonly #input: NodeJS.ReadStream;
  readonly #output: NodeJS.WriteStream;
  /** Piped input: one reader for all questions, since it reads ahead of the line it answers. */
  #piped: Interface | undefined;
  /** Lines read ahead from a pipe. */
  readonly #lines: string[] = [];
  /** Settles the question waiting for a line. */
  #waiting: ((line: string | undefined) => void) | undefined;
  #inputEnded = false;
  #stopped = false;
  #received = 0;

  constructor(
    stop: Stop,
    input: NodeJS.ReadStream = process.stdin,
    output: NodeJS.WriteStream = process.stderr,
  ) {
    this.#stop = stop;
    this.#input = input;
    this.#output = output;
    stop.signal.addEventListener("abort", () => this.close(), { once: true });
  }

  get fromTerminal(): boolean {
    return this.#input.isTTY === true;
  }

  /**
   * Questions were asked with no one to answer them: stdin is no terminal and ended before giving
   * a single answer (`< /dev/null`). Said once by the command, which then exits 2.
   */
  get unanswerable(): boolean {
    return !this.fromTerminal && this.#inputEnded && !this.#stopped && this.#received === 0;
  }

  /** Shows `question` and returns the next line, trimmed and lower-cased; undefined once the answers ended. */
  async ask(question: string): Promise<string | undefined> {
    if (this.#stopped || (this.#inputEnded && this.#lines.length === 0)) return undefined;
    const line = this.fromTerminal ? await this.#askTerminal(question) : await this.#askPiped(question);
    if (line === undefined) return undefined;
    this.#received++;
    return line.trim().toLowerCase();
  }

  /** Runs `use` with the input left alone, for an editor that reads the terminal itself. */
  async withoutInput<T>(use: () => Promise<T>): Promise<T> {
    this.#piped?.pause();
    try {
      return await use();
    } finally {
      this.#piped?.resume();
    }
  }

  /** Ends the answers: the question waiting gets none, and so does every later one. */
  close(): void {
    this.#stopped = true;
    this.#settle(undefined);
    this.#piped?.close();
  }

  /**
   * On a terminal a reader lives for one question only: between questions the terminal stays
   * as the user set it, and Ctrl-C stops concord as it does anywhere else.
   */
  #askTerminal(question: string): Promise<string | undefined> {
    return new Promise((resolve) => {
      const readline = createInterface({ input: this.#input, output: this.#output, terminal: true });
      let answer: string | undefined;
      this.#waiting = () => readline.close();
      readline.on("line", (line) => {
        answer = line;
        readline.close();
      });
      readline.on("close", () => {
        this.#waiting = undefined;
        if (answer === undefined) {
          if (!this.#stopped) this.#inputEnded = true;
          // Ctrl-D and Ctrl-C leave the cursor after the question.
          this.#output.write("\n");
        }
        resolve(answer);
      });
      // While the question waits the terminal is in raw mode: Ctrl-C arrives here, not as a signal.
      readline.on("SIGINT", () => this.#stop.interrupt());
      readline.setPrompt(question);
      readline.prompt();
    });
  }

  #askPiped(question: string): Promise<string | undefined> {
    const readline = (this.#piped ??= this.#openPiped());
    readline.setPrompt(question);
    readline.prompt();
    // The answer follows its question, as it would on a terminal.
    const echo = (line: string | undefined) => {
      this.#output.write(`${line ?? ""}\n`);
      return line;
    };
    const next = this.#lines.shift();
    if (next !== undefined || this.#inputEnded) return Promise.resolve(echo(next));
    return new Promise((resolve) => (this.#waiting = (line) => resolve(echo(line))));
  }

  #openPiped(): Interface {
    const readline = createInterface({ input: this.#input, output: this.#output, terminal: false });
    readline.on("line", (line) => {
      if (this.#waiting) this.#settle(line);
      else this.#lines.push(line);
    });
    readline.on("close", () => {
      if (!this.#stopped) this.#inputEnded = true;
      this.#settle(undefined);
    });
    return readline;
  }

  #settle(line: string | undefined): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(line);
  }
}

/** What a command says when its questions were `unanswerable`. */
export const noAnswers = (command: string): string =>
  `concord: no answers: standard input is not a terminal and gave none. Run "concord ${command}" in a terminal, or give one answer a line on its standard input.`;

/** Shows a collection's plan and asks whether to apply it; no answer is a no. */
export async function confirmPlan(name: string, plan: Plan, out: Output, answers: Answers): Promise<boolean> {
  const writes = plan.actions.filter(isWrite);
  if (writes.length === 0) return true;
  out.problem(`${name}: the plan is`);
  for (const action of writes) out.problem(`  ${describeAction(action)}`);
  return (await answers.ask("Apply it? [y/N] ")) === "y";
}

/**
 * Shows what differs (with the version both last agreed on: what each side changed since, and
 * what merging both would write) and asks which version to keep, to take the merged one, or to
 * merge both in $EDITOR; undefined when the answers ended before one was given.
 */
export async function askConflict(
  conflict: ConflictInput & { collection?: string; base?: Uint8Array; merged?: ContentMerge },
  out: Output,
  answers: Answers,
): Promise<ConflictDecision | undefined> {
  out.problem(`conflict: ${conflict.ident}${conflict.collection ? ` in ${conflict.collection}` : ""}`);
  const shown = await showable(conflict);
  const merged = conflict.merged?.kind === "merged" ? conflict.merged.content : undefined;
  if (shown && conflict.base) {
    for (const side of ["a", "b"] as const)
      showDiff(out, `${side} since the last sync`, conflict.base, shown[side]);
    if (conflict.merged?.kind === "conflicting") {
      for (const clash of conflict.merged.conflicts) out.problem(`  not merged: ${describeClash(clash)}`);
    }
    if (merged)
      for (const side of ["a", "b"] as const) showDiff(out, `merged, against ${side}`, shown[side], merged);
  } else if (shown) for (const line of lineDiff(text(shown.a), text(shown.b))) out.problem(`  ${line}`);
  else
    for (const side of ["a", "b"] as const) out.problem(`  ${side}| ${describeVersion(conflict[side].item)}`);
  const choices = [
    "keep [a]",
    "keep [b]",
    ...(merged ? ["take [m]erged"] : []),
    ...(shown ? ["[e]dit both in $EDITOR"] : []),
  ];
  const question = `${choices.join(", ")}, or [s]kip? `;
  for (;;) {
    const answer = await answers.ask(question);
    if (answer === undefined) return undefined;
    if (answer === "a" || answer === "b") return { kind: "keep", side: answer };
    if (answer === "m" && merged) return { kind: "merged", content: merged };
    if (answer === "s" || answer === "") return { kind: "skip" };
    if (answer === "e" && shown) {
      const merged = await answers.withoutInput(() => editBoth(conflict));
      if (merged) return { kind: "merged", content: merged };
      out.problem("the two files still differ; make them equal to merge, or choose a or b");
    }
  }
}

const text = (content: Uint8Array) => new TextDecoder().decode(content);

/** What changed from one version to the other, under a heading; nothing when nothing did. */
function showDiff(out: Output, heading: string, before: Uint8Array, after: Uint8Array): void {
  const lines = diffView(diffContentLines(text(before), text(after)));
  if (lines.length === 0) return;
  out.problem(`  ${heading}:`);
  for (const line of lines) out.problem(`    ${line}`);
}

/** Bodies larger than this are described, not shown (a photo, a disk image). */
const showLimit = 1024 * 1024;

/** Both versions, when both are small text worth showing line by line; undefined otherwise. */
async function showable(conflict: ConflictInput): Promise<{ a: Uint8Array; b: Uint8Array } | undefined> {
  const small = (side: "a" | "b") => (conflict[side].body.size ?? 0) <= showLimit;
  if (!small("a") || !small("b")) return undefined;
  const [a, b] = await Promise.all([readBody(conflict.a.body), readBody(conflict.b.body)]);
  // A NUL byte is the usual sign of a binary file, which a line diff would only garble.
  return a.includes(0) || b.includes(0) ? undefined : { a, b };
}

/** A version that is not shown: its size and when it was last changed, where known. */
function describeVersion(item: SideItem): string {
  const parts: string[] = [item.href];
  if (item.size !== undefined) parts.push(`${item.size} bytes`);
  const mtime = item.attributes?.[modifiedAttribute];
  if (mtime !== undefined)
    parts.push(`modified ${new Date(Number(BigInt(mtime) / 1_000_000n)).toISOString()}`);
  return parts.join(", ");
}

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
