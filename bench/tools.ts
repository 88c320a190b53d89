/**
 * The two synchronisers, each configured the way its documentation suggests for one CalDAV
 * calendar or CardDAV address book paired with a vdir folder of the same name, each in its own
 * throw-away folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DavServer } from "../test/support/servers/index.js";
import type { BenchKind } from "./kinds.js";
import { concordLauncher, measure, type Measurement } from "./measure.js";

export type ToolName = "concord" | "vdirsyncer";
export const toolNames: readonly ToolName[] = ["concord", "vdirsyncer"];

/** One tool paired with one server collection: a config, a status folder and a vdir. */
export class ToolSetup {
  readonly root = mkdtempSync(join(tmpdir(), "concord-bench-"));
  /** The vdir folder holding the collection's items. */
  readonly vdir: string;
  private readonly config = join(this.root, "config");
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly tool: ToolName,
    server: DavServer,
    private readonly kind: BenchKind,
    collectionId: string,
  ) {
    this.vdir = join(this.root, "local", collectionId);
    // vdirsyncer's discover asks before creating a missing collection; an existing folder needs no answer.
    mkdirSync(this.vdir, { recursive: true });
    this.env = { DAV_PASSWORD: server.password };
    writeFileSync(
      this.config,
      tool === "concord"
        ? this.concordConfig(server, collectionId)
        : this.vdirsyncerConfig(server, collectionId),
    );
  }

  /** Work a tool needs once per pair, before the first sync; not part of any measurement. */
  async setUp(): Promise<void> {
    if (this.tool === "vdirsyncer") await measure("vdirsyncer", ["-c", this.config, "discover"], this.env);
  }

  sync(): Promise<Measurement> {
    return this.tool === "concord"
      ? measure(process.execPath, [concordLauncher, "-c", this.config, "sync"], this.env)
      : measure("vdirsyncer", ["-c", this.config, "sync"], this.env);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private concordConfig(server: DavServer, collectionId: string): string {
    return `[general]
status_path = "${join(this.root, "status")}"

[storage.server]
type = "${this.kind.storageType}"
url = "${server.url}"
username = "${server.username}"
password = { env = "DAV_PASSWORD" }

[storage.local]
type = "vdir"
path = "${join(this.root, "local")}"
fileext = "${this.kind.fileext}"

[pair.p]
a = "server"
b = "local"
collections = ["${collectionId}"]
`;
  }

  private vdirsyncerConfig(server: DavServer, collectionId: string): string {
    return `[general]
status_path = "${join(this.root, "status")}/"

[storage server]
type = "${this.kind.storageType}"
url = "${server.url}"
username = "${server.username}"
password.fetch = ["command", "printenv", "DAV_PASSWORD"]

[storage local]
type = "filesystem"
path = "${join(this.root, "local")}/"
fileext = "${this.kind.fileext}"

[pair p]
a = "server"
b = "local"
collections = ["${collectionId}"]
`;
  }
}
