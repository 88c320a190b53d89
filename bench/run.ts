/**
 * Compares concord with vdirsyncer on the same CalDAV servers and data; see docs/BENCHMARKS.md.
 *
 *   npm run bench -- [--n 1000,5000] [--reps 3] [--large-reps 1] [--servers radicale,xandikos]
 *                    [--xandikos-n 1000] [--kinds events,contacts] [--page docs/BENCHMARKS.md]
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
import { type KindName, kindNames, kinds } from "./kinds.js";
import { runServer } from "./scenarios.js";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000,5000" },
    reps: { type: "string", default: "3" },
    "large-reps": { type: "string", default: "1" },
    servers: { type: "string", default: "radicale,xandikos" },
    "xandikos-n": { type: "string" },
    kinds: { type: "string", default: kindNames.join(",") },
    page: { type: "string", default: fileURLToPath(new URL("../../../docs/BENCHMARKS.md", import.meta.url)) },
  },
});
const sizesOf = (list: string) => list.split(",").map(Number);
const sizes = { radicale: sizesOf(values.n), xandikos: sizesOf(values["xandikos-n"] ?? values.n) };
const reps = Number(values.reps);
const largeReps = Number(values["large-reps"]);
const repsFor = (n: number): number => (n > 5000 ? Math.min(reps, largeReps) : reps);
const servers = values.servers.split(",") as ServerKind[];
const chosenKinds = values.kinds.split(",") as KindName[];
if (
  [...sizes.radicale, ...sizes.xandikos].some((n) => !Number.isInteger(n) || n < 20) ||
  ![reps, largeReps].every((count) => Number.isInteger(count) && count >= 1) ||
  !chosenKinds.every((kind) => kindNames.includes(kind))
)
  throw new Error(
    `--n takes sizes of at least 20, separated by commas; --reps and --large-reps positive whole numbers; --kinds some of ${kindNames.join(",")}`,
  );

const results: Result[] = [];
const failures: { kind: KindName; text: string }[] = [];
/** The table of one kind of item, with what failed of it. */
const blockOf = (kind: KindName) =>
  block(
    results.filter((result) => result.kind === kind),
    failures.filter((failure) => failure.kind === kind).map((failure) => failure.text),
  );
for (const serverKind of servers) {
  for (const kindName of chosenKinds) {
    for (const n of sizes[serverKind]) {
      // A fresh server per run: what earlier runs left behind (deleted collections, git history) must not weigh.
      const server = await startServer(serverKind);
      try {
        const run = await runServer(server, kinds[kindName], n, repsFor(n), (line) => console.error(line));
        results.push({ server: serverKind, kind: kindName, n, reps: repsFor(n), run });
      } catch (error) {
        failures.push({ kind: kindName, text: `${serverKind}, N = ${n}: ${String(error).split("\n")[0]}` });
        console.error(error);
      } finally {
        await server.stop();
      }
      await writeInto(values.page, kindName, blockOf(kindName));
    }
  }
}
for (const kind of chosenKinds) console.log(`${kind}:\n${blockOf(kind)}`);
if (failures.length > 0) process.exitCode = 1;
