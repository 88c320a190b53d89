/**
 * A backup disk's mark: the `.concord-id` at the root of its backup folder, naming the backup set
 * and the disk (`concord backup NAME --init FOLDER`). A folder is written to only while it
 * carries its set's mark, so an unplugged disk (its folder missing, or an empty mount point), a
 * folder never initialised and another set's disk are all refused by name.
 * @module
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { UnavailableError } from "../errors/index.js";
import { isMissing } from "../storages/local-fs/system-error.js";
import { markRoot, probeRoot } from "../storages/files/marker.js";

/** A disk of a set, as its mark names it. */
export interface DiskMark {
  readonly set: string;
  /** The disk's own id: its status databases are named by it, wherever it is mounted. */
  readonly id: string;
}

const markPattern = /^concord backup (".*") ([0-9a-f-]{36})$/;

export const formatMark = (mark: DiskMark): string => `concord backup ${JSON.stringify(mark.set)} ${mark.id}`;

/** The backup set and disk a mark names; undefined for another kind of mark (a synchronised tree's). */
export function parseMark(text: string): DiskMark | undefined {
  const match = markPattern.exec(text);
  if (!match) return undefined;
  try {
    return { set: JSON.parse(match[1] as string) as string, id: match[2] as string };
  } catch {
    return undefined;
  }
}

/** Whether a backup folder can be written now, and if not, why. */
export type DiskState =
  { readonly kind: "ready"; readonly id: string } | { readonly kind: "unavailable"; readonly why: string };

export async function diskState(set: string, folder: string): Promise<DiskState> {
  const presence = await probeRoot(folder);
  if (presence.kind === "absent") return { kind: "unavailable", why: presence.why };
  if (presence.mark === undefined) {
    return {
      kind: "unavailable",
      why: presence.empty
        ? `${folder} is empty (an unplugged disk's mount point?) and was never initialised`
        : `${folder} was never initialised as a backup of ${set} (concord backup ${set} --init ${folder})`,
    };
  }
  const mark = parseMark(presence.mark);
  if (mark === undefined) {
    return { kind: "unavailable", why: `${folder} carries the mark of a synchronised tree, not of a backup` };
  }
  if (mark.set !== set) {
    return {
      kind: "unavailable",
      why: `${folder} is a backup of ${JSON.stringify(mark.set)}, not of ${set}`,
    };
  }
  return { kind: "ready", id: mark.id };
}

/**
 * Makes `folder` a backup disk of `set`: creates it if its parent exists (never a whole path on
 * an unmounted disk's mount point) and marks it. Refuses a folder marked for anything else.
 * @returns the disk's mark, and whether it was made now.
 */
export async function initDisk(set: string, folder: string): Promise<{ mark: DiskMark; made: boolean }> {
  try {
    await mkdir(folder);
  } catch (error) {
    if (isMissing(error)) {
      throw new UnavailableError(`${dirname(folder)} does not exist (is the disk plugged in?)`, {
        storage: folder,
      });
    }
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const fresh = formatMark({ set, id: randomUUID() });
  const written = await markRoot(folder, () => fresh);
  const mark = parseMark(written);
  if (mark === undefined) {
    throw new UnavailableError(`${folder} carries the mark of a synchronised tree; choose another folder`, {
      storage: folder,
    });
  }
  if (mark.set !== set) {
    throw new UnavailableError(
      `${folder} is already a backup of ${JSON.stringify(mark.set)}, not of ${set}`,
      {
        storage: folder,
      },
    );
  }
  return { mark, made: written === fresh };
}
