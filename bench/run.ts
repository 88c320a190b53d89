/**
 * Compares concord with vdirsyncer on the same CalDAV servers and data, and with cp, rsync and
 * Unison on file trees; see docs/BENCHMARKS.md.
 *
 *   npm run bench -- [--n 1000,5000] [--reps 3] [--large-reps 1] [--servers radicale,xandikos,cyrus]
 *                    [--xandikos-n 1000] [--kinds events,contacts,files,backup,mail,relay] [--page docs/BENCHMARKS.md]
 *
 * `--kinds` defaults to the calendar benchmarks, events and contacts; `files` is the file trees,
 * `backup` a work folder backed up to two disks, `mail` an IMAP account pulled into a Maildir
 * (against mbsync), `relay` a change of N / 50 files sent and applied through an offline relay
 * (against cp). `--n` defaults to 1000,5000 for the calendars, to 50000 files for `files`,
 * `backup` and `relay`, and to 10000 messages for `mail`. `--page` names the
 * Markdown file whose tables are rewritten (CI's smoke run writes elsewhere). Calendar sizes
 * above 5,000 and trees above 50,000 files get `--large-reps` repetitions (a 20,000-event round
 * takes minutes, most of it vdirsyncer's). `--xandikos-n` sets other sizes for Xandikos, where
 * vdirsyncer's multigets of thousands of items take minutes. The page is rewritten after every
 * size, so a run that fails later keeps what it measured; a failed size is named below the
 * table and the run exits 1.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serverKinds, startServer, type ServerKind } from "../test/support/servers/index.js";
import { runBackup } from "./backup.js";
import { runFiles } from "./files.js";
import { runMail } from "./mail.js";
import { runRelay } from "./relay.js";
import {
  backupBlock,
  block,
  filesBlock,
  mailBlock,
  relayBlock,
  writeInto,
  type Result,
  type Section,
  type SizedResult,
} from "./report.js";
import { type KindName, kindNames, kinds } from "./kinds.js";
import { runServer } from "./scenarios.js";

const sections: readonly Section[] = [...kindNames, "files", "backup", "mail", "relay"];
const { values } = parseArgs({
  options: {
    n: { type: "string" },
    reps: { type: "string", default: "3" },
    "large-reps": { type: "string", default: "1" },
    servers: { type: "string", default: "radicale,xandikos" },
    "xandikos-n": { type: "string" },
    kinds: { type: "string", default: kindNames.join(",") },
    page: { type: "string", default: fileURLToPath(new URL("../../../docs/BENCHMARKS.md", import.meta.url)) },
  },
});
const sizesOf = (list: string) => list.split(",").map(Number);
const davSizes = values.n ?? "1000,5000";
const sizes = {
  dav: sizesOf(davSizes),
  xandikos: sizesOf(values["xandikos-n"] ?? davSizes),
  files: sizesOf(values.n ?? "50000"),
  mail: sizesOf(values.n ?? "10000"),
};
const sizesFor = (server: ServerKind): number[] => (server === "xandikos" ? sizes.xandikos : sizes.dav);
const reps = Number(values.reps);
const largeReps = Number(values["large-reps"]);
const repsFor = (n: number, large: number): number => (n > large ? Math.min(reps, largeReps) : reps);
const servers = values.servers.split(",") as ServerKind[];
const unknown = servers.filter((server) => !serverKinds.includes(server));
if (unknown.length > 0)
  throw new Error(`--servers takes some of ${serverKinds.join(",")}, not ${unknown.join(",")}`);
const chosen = values.kinds.split(",") as Section[];
if (
  [...sizes.dav, ...sizes.xandikos, ...sizes.files, ...sizes.mail].some(
    (n) => !Number.isInteger(n) || n < 20,
  ) ||
  ![reps, largeReps].every((count) => Number.isInteger(count) && count >= 1) ||
  !chosen.every((kind) => sections.includes(kind))
)
  throw new Error(
    `--n takes sizes of at least 20, separated by commas; --reps and --large-reps positive whole numbers; --kinds some of ${sections.join(",")}`,
  );
const chosenKinds = chosen.filter((kind): kind is KindName =>
  (kindNames as readonly string[]).includes(kind),
);

const results: Result[] = [];
const failures: { kind: Section; text: string }[] = [];
const failuresOf = (kind: Section) =>
  failures.filter((failure) => failure.kind === kind).map((failure) => failure.text);
/** The table of one kind of item, with what failed of it. */
const blockOf = (kind: KindName) =>
  block(
    results.filter((result) => result.kind === kind),
    failuresOf(kind),
  );
for (const serverKind of chosenKinds.length > 0 ? servers : []) {
  for (const kindName of chosenKinds) {
    for (const n of sizesFor(serverKind)) {
      // A fresh server per run: what earlier runs left behind (deleted collections, git history) must not weigh.
      const server = await startServer(serverKind);
      try {
        const run = await runServer(server, kinds[kindName], n, repsFor(n, 5000), (line) =>
          console.error(line),
        );
        results.push({ server: serverKind, kind: kindName, n, reps: repsFor(n, 5000), run });
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

/**
 * Runs one benchmark other than the calendars' at each of its sizes, rewriting its table after
 * every size; sizes above `large` get `--large-reps` repetitions.
 */
async function runSized<Run>(
  section: Section,
  ns: readonly number[],
  large: number,
  runOne: (n: number, reps: number, log: (line: string) => void) => Promise<Run>,
  blockFor: (results: readonly SizedResult<Run>[], failures: readonly string[]) => string,
): Promise<void> {
  if (!chosen.includes(section)) return;
  const done: SizedResult<Run>[] = [];
  for (const n of ns) {
    try {
      const run = await runOne(n, repsFor(n, large), (line) => console.error(line));
      done.push({ n, reps: repsFor(n, large), run });
    } catch (error) {
      failures.push({ kind: section, text: `N = ${n}: ${String(error).split("\n")[0]}` });
      console.error(error);
    }
    await writeInto(values.page, section, blockFor(done, failuresOf(section)));
  }
  console.log(`${section}:\n${blockFor(done, failuresOf(section))}`);
}

await runSized("files", sizes.files, 50_000, runFiles, filesBlock);
await runSized("backup", sizes.files, 50_000, runBackup, backupBlock);
await runSized("mail", sizes.mail, 10_000, runMail, mailBlock);
await runSized("relay", sizes.files, 50_000, runRelay, relayBlock);
if (failures.length > 0) process.exitCode = 1;
