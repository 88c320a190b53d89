/**
 * Compares concord with vdirsyncer on the same CalDAV servers and data; see docs/BENCHMARKS.md.
 *
 *   npm run bench -- [--n 1000,5000] [--reps 3] [--servers radicale,xandikos] [--xandikos-n 1000]
 *
 * `--xandikos-n` sets other sizes for Xandikos, where vdirsyncer's multigets of thousands of
 * items take minutes.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServer, type ServerKind } from "../test/support/servers/index.js";
import { block, writeInto, type Result } from "./report.js";
import { runServer } from "./scenarios.js";

const page = fileURLToPath(new URL("../../../docs/BENCHMARKS.md", import.meta.url));

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000,5000" },
    reps: { type: "string", default: "3" },
    servers: { type: "string", default: "radicale,xandikos" },
    "xandikos-n": { type: "string" },
  },
});
const sizesOf = (list: string) => list.split(",").map(Number);
const sizes = { radicale: sizesOf(values.n), xandikos: sizesOf(values["xandikos-n"] ?? values.n) };
const reps = Number(values.reps);
const servers = values.servers.split(",") as ServerKind[];
if (
  [...sizes.radicale, ...sizes.xandikos].some((n) => !Number.isInteger(n) || n < 20) ||
  !Number.isInteger(reps) ||
  reps < 1
)
  throw new Error("--n takes sizes of at least 20, separated by commas; --reps a positive whole number");

const results: Result[] = [];
for (const kind of servers) {
  for (const n of sizes[kind]) {
    // A fresh server per size: what earlier runs left behind (deleted collections, git history) must not weigh.
    const server = await startServer(kind);
    try {
      results.push({ server: kind, n, run: await runServer(server, n, reps, (line) => console.error(line)) });
    } finally {
      await server.stop();
    }
  }
}
const output = block(results, reps);
console.log(output);
await writeInto(page, output);
