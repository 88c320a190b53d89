/**
 * The scenarios, run against one server for one kind of collection and one size. Each tool gets
 * its own collection and vdir, filled with the same items, and the tools take turns (the first
 * one alternates per repetition) so that a noisy moment on the machine does not always hit the
 * same tool.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DavServer } from "../test/support/servers/index.js";
import { expectSame, queryAll, readVdir, type Contents } from "./contents.js";
import { uidOf } from "./events.js";
import type { BenchKind } from "./kinds.js";
import type { Measurement } from "./measure.js";
import { toolNames, ToolSetup, type ToolName } from "./tools.js";

export const scenarioNames = [
  "initial download",
  "nothing changed",
  "10 + 10 changed",
  "initial upload",
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface Sample {
  readonly scenario: ScenarioName;
  readonly tool: ToolName;
  readonly measurement: Measurement;
}

export interface ServerRun {
  readonly samples: Sample[];
  /** Seconds for one query of the whole collection with data, once per repetition. */
  readonly floor: number[];
}

/**
 * Uploads are one PUT per item on both tools and wait on the server alone (Radicale serialises
 * its writes, ~20–45 ms each; Xandikos commits every PUT to git): beyond 1,000 they take many
 * minutes per run and show nothing more.
 */
export const uploadLimit = 1000;

const changes = 10;

export async function runServer(
  server: DavServer,
  kind: BenchKind,
  n: number,
  reps: number,
  log: (line: string) => void,
): Promise<ServerRun> {
  const run: ServerRun = { samples: [], floor: [] };
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? toolNames : [...toolNames].reverse();
    const step = async (scenario: ScenarioName, setups: Map<ToolName, ToolSetup>) => {
      for (const tool of order) {
        const measurement = await (setups.get(tool) as ToolSetup).sync();
        run.samples.push({ scenario, tool, measurement });
        log(
          `${server.kind} ${kind.name} n=${n} rep ${rep + 1}/${reps} ${scenario} ${tool}: ${measurement.seconds.toFixed(2)} s`,
        );
      }
    };

    const setups = new Map<ToolName, ToolSetup>();
    const collections = new Map<ToolName, string>();
    for (const tool of order) {
      const id = `down-${tool}-${rep}`;
      collections.set(tool, await kind.fill(server, id, n));
      const setup = new ToolSetup(tool, server, kind, id);
      await setup.setUp();
      setups.set(tool, setup);
    }
    run.floor.push((await queryAll(server, kind, collections.get("concord") as string)).seconds);

    await step("initial download", setups);
    await checkDownload(server, kind, setups, collections, n);
    await step("nothing changed", setups);
    await checkDownload(server, kind, setups, collections, n);
    for (const tool of order)
      await change(server, kind, setups.get(tool) as ToolSetup, collections.get(tool) as string, n);
    await step("10 + 10 changed", setups);
    await checkDownload(server, kind, setups, collections, n);
    for (const tool of order) {
      setups.get(tool)?.dispose();
      await server.remove(collections.get(tool) as string);
    }

    if (n > uploadLimit) continue;
    const uploads = new Map<ToolName, ToolSetup>();
    const targets = new Map<ToolName, string>();
    for (const tool of order) {
      const id = `up-${tool}-${rep}`;
      targets.set(tool, await kind.make(server, id));
      const setup = new ToolSetup(tool, server, kind, id);
      for (let k = 0; k < n; k++) writeFileSync(join(setup.vdir, `${k}${kind.fileext}`), kind.item(k));
      await setup.setUp();
      uploads.set(tool, setup);
    }
    await step("initial upload", uploads);
    const uploaded = await Promise.all(
      order.map(async (tool) => (await queryAll(server, kind, targets.get(tool) as string)).contents),
    );
    expectCount("initial upload", uploaded[0] as Contents, n);
    expectSame("initial upload, server collections", uploaded[0] as Contents, uploaded[1] as Contents);
    for (const tool of order) {
      uploads.get(tool)?.dispose();
      await server.remove(targets.get(tool) as string);
    }
  }
  return run;
}

/** Ten items edited on the server, ten others in the vdir: the same ones for both tools. */
async function change(
  server: DavServer,
  kind: BenchKind,
  setup: ToolSetup,
  collectionUrl: string,
  n: number,
): Promise<void> {
  const remote = (await queryAll(server, kind, collectionUrl)).contents;
  const local = readVdir(setup.vdir, kind);
  for (let k = 0; k < changes; k++) {
    const onServer = n - 1 - k;
    await server.put((remote.get(uidOf(onServer)) as { location: string }).location, kind.item(onServer, 1));
    writeFileSync((local.get(uidOf(k)) as { location: string }).location, kind.item(k, 1));
  }
}

/**
 * The two vdirs agree, the two server collections agree, and each vdir holds the UIDs its
 * collection holds. Content is compared only between like and like: Radicale reorders the properties of
 * what it stores, which the normalised hash counts as a difference.
 */
async function checkDownload(
  server: DavServer,
  kind: BenchKind,
  setups: Map<ToolName, ToolSetup>,
  collections: Map<ToolName, string>,
  n: number,
): Promise<void> {
  const vdirs = toolNames.map((tool) => readVdir((setups.get(tool) as ToolSetup).vdir, kind));
  const remotes = await Promise.all(
    toolNames.map(async (tool) => (await queryAll(server, kind, collections.get(tool) as string)).contents),
  );
  const [concord, vdirsyncer] = vdirs as [Contents, Contents];
  expectCount("concord's vdir", concord, n);
  expectSame("the two vdirs", concord, vdirsyncer);
  expectSame("the two server collections", remotes[0] as Contents, remotes[1] as Contents);
  expectSame("concord's vdir and server collection, UIDs", uids(concord), uids(remotes[0] as Contents));
}

const uids = (contents: Contents): Contents =>
  new Map([...contents.keys()].map((uid) => [uid, { location: "", hash: "" }]));

function expectCount(what: string, contents: Contents, n: number): void {
  if (contents.size !== n) throw new Error(`${what}: ${contents.size} items, expected ${n}`);
}
