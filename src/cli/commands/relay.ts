/**
 * `concord relay init|status|add-place|remove-place`: a relay's set-up and its places.
 * @module
 */
import {
  type RelayOverview,
  relayAddPlace,
  relayInit,
  relayRemovePlace,
  relayStatus,
} from "../../api/relay.js";
import { formatBytes } from "../../backup/free-space.js";
import type { Config } from "../../config/index.js";
import { plural } from "../describe-action.js";
import { ExitCode } from "../exit-code.js";
import type { Output } from "../output.js";

export async function runRelayInit(
  config: Config,
  storage: string,
  places: string,
  out: Output,
): Promise<ExitCode> {
  const names = places
    .split(",")
    .map((place) => place.trim())
    .filter((place) => place !== "");
  const files = await relayInit({ config, storage, places: names });
  if (out.json) out.printJson({ storage, places: names, manifest: files });
  else
    out.line(
      `${storage}: set up for ${names.join(", ")}, from a tree of ${plural(files, "item")} (no content uploaded)`,
    );
  return ExitCode.ok;
}

export async function runRelayAddPlace(
  config: Config,
  storage: string,
  place: string,
  out: Output,
): Promise<ExitCode> {
  await relayAddPlace({ config, storage, place });
  if (out.json) out.printJson({ storage, added: place });
  else out.line(`${storage}: ${place} added; it joins from a copy of this place's tree`);
  return ExitCode.ok;
}

export async function runRelayRemovePlace(
  config: Config,
  storage: string,
  place: string,
  out: Output,
): Promise<ExitCode> {
  await relayRemovePlace({ config, storage, place });
  if (out.json) out.printJson({ storage, removed: place });
  else out.line(`${storage}: ${place} removed; what only it was waiting for is gone`);
  return ExitCode.ok;
}

export async function runRelayStatus(config: Config, storage: string, out: Output): Promise<ExitCode> {
  const overview = await relayStatus({ config, storage });
  if (out.json) out.printJson(overview);
  else render(storage, overview, out);
  return ExitCode.ok;
}

function render(storage: string, overview: RelayOverview, out: Output): void {
  const encrypted = overview.encrypted ? ", encrypted" : "";
  out.line(`${storage}: ${overview.where}${encrypted}, ${formatBytes(overview.bytes)} in all`);
  for (const place of overview.places) {
    const when = place.syncedAt ? `last sync ${place.syncedAt.toISOString()}` : "never synchronised";
    out.line(`  ${place.place}: ${when}, ${plural(place.waiting, "change set")} to take in`);
  }
  if (overview.sets.length === 0) out.line("  no change set waits");
  for (const set of overview.sets) {
    const waiting = set.waitingFor.length > 0 ? `waits for ${set.waitingFor.join(", ")}` : "taken in by all";
    out.line(
      `  change set ${set.name} (${set.publishedAt.toISOString()}): ${plural(set.changes, "change")}, ${formatBytes(set.bytes)}, ${waiting}`,
    );
  }
}
