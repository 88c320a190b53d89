/**
 * Compares concord with vdirsyncer on the same CalDAV servers and data; see docs/BENCHMARKS.md.
 *
 *   npm run bench -- [--n 1000,5000] [--reps 3] [--large-reps 1] [--servers radicale,xandikos]
 *                    [--xandikos-n 1000] [--page docs/BENCHMARKS.md]
 *
 * `--page` names the Markdown file whose table is rewritten (CI's smoke run writes elsewhere).
 * Sizes above 5,000 get `--large-reps` repetitions (a 20,000-event round takes minutes, most of
 * it vdirsyncer's). `--xandikos-n` sets other sizes for Xandikos, where vdirsyncer's multigets of
 * thousands of items take minutes. The page is rewritten after every size, so a run that fails
 * later keeps what it measured; a failed size is named below the table and the run exits 1.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServer, type ServerKind } from "../test/support/servers/index.js";
import { block, writeInto, type Result } from "./report.js";
import { runServer } from "./scenarios.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000,5000" },
    reps: { type: "string", default: "3" },
    "large-reps": { type: "string", default: "1" },
    servers: { type: "string", default: "radicale,xandikos" },
    "xandikos-n": { type: "string" },
    page: { type: "string", default: fileURLToPath(new URL("../../../docs/BENCHMARKS.md", import.meta.url)) },
  },
});
const sizesOf = (list: string) => list.split(",").map(Number);
const sizes = { radicale: sizesOf(values.n), xandikos: sizesOf(values["xandikos-n"] ?? values.n) };
const reps = Number(values.reps);
const largeReps = Number(values["large-reps"]);
const repsFor = (n: number): number => (n > 5000 ? Math.min(reps, largeReps) : reps);
const servers = values.servers.split(",") as ServerKind[];
if (
  [...sizes.radicale, ...sizes.xandikos].some((n) => !Number.isInteger(n) || n < 20) ||
  ![reps, largeReps].every((count) => Number.isInteger(count) && count >= 1)
)
  throw new Error(
    "--n takes sizes of at least 20, separated by commas; --reps and --large-reps positive whole numbers",
  );

const results: Result[] = [];
const failures: string[] = [];
for (const kind of servers) {
  for (const n of sizes[kind]) {
    // A fresh server per size: what earlier runs left behind (deleted collections, git history) must not weigh.
    const server = await startServer(kind);
    try {
      const run = await runServer(server, n, repsFor(n), (line) => console.error(line));
      results.push({ server: kind, n, reps: repsFor(n), run });
    } catch (error) {
      failures.push(`${kind}, N = ${n}: ${String(error).split("\n")[0]}`);
      console.error(error);
    } finally {
      await server.stop();
    }
    await writeInto(values.page, block(results, failures));
  }
}
console.log(block(results, failures));
if (failures.length > 0) process.exitCode = 1;
