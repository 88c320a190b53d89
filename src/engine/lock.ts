/**
 * One lock per pair, so two runs (or a run and the daemon) never work on the same pair at once.
 *
 * The lock is a file created exclusively beside the status database, holding the owner's pid
 * and host. A lock whose owner on this host is gone (killed, crashed) is stale and taken over.
 * @module
 */
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { PairLockedError, StatusDbError } from "../errors/index.js";
import { processRuns } from "./process-runs.js";

export interface PairLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

export interface LockOptions {
  /** Wait for the other process to finish instead of failing at once. */
  readonly wait?: boolean;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

export async function acquirePairLock(
  path: string,
  pair: string,
  options: LockOptions = {},
): Promise<PairLock> {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: Date.now() };
  for (;;) {
    if (tryCreate(path, me)) {
      return {
        release: () => {
          if (readOwner(path)?.pid === me.pid) unlinkSync(path);
        },
      };
    }
    const owner = readOwner(path);
    if (owner === undefined || isStale(owner)) {
      removeIfUnchanged(path, owner);
      continue;
    }
    if (!options.wait) {
      throw new PairLockedError(
        `pair ${pair} is being synchronised by process ${owner.pid} on ${owner.host} since ${new Date(owner.since).toISOString()} (lock file ${path})`,
        { pair, pid: owner.pid },
      );
    }
    await sleep(options.pollMs ?? 250, undefined, { signal: options.signal });
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  try {
    writeFileSync(path, JSON.stringify(owner), { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new StatusDbError(
      `${path}: cannot create the lock file: ${(error as Error).message}`,
      { path },
      { cause: error },
    );
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (
      typeof parsed.pid === "number" &&
      typeof parsed.host === "string" &&
      typeof parsed.since === "number"
    ) {
      return parsed as LockOwner;
    }
    return undefined;
  } catch {
    // Unreadable or half-written: a crash between create and write. Treated as stale.
    return undefined;
  }
}

function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // another machine's process cannot be checked
  return owner.pid !== process.pid && !processRuns(owner.pid);
}

/**
 * Removes a stale lock unless another process replaced it since we read it. A small window
 * remains between the check and the unlink; two processes racing for a stale lock both retry
 * the exclusive create, and only one wins it.
 */
function removeIfUnchanged(path: string, seen: LockOwner | undefined): void {
  const now = readOwner(path);
  if (now?.pid !== seen?.pid || now?.since !== seen?.since) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
