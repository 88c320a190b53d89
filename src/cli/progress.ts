/**
 * The progress line of a sync on a terminal: per collection, items done of those planned and,
 * where the storages say how large items are (files), bytes copied of the bytes to copy.
 * @module
 */
import type { Plan } from "../engine/plan.js";
import type { SyncAction } from "../engine/types.js";
import { isWrite } from "./describe-action.js";

interface Tally {
  items: number;
  bytes: number;
}

/** The bytes an action copies: the content it writes, where its size is known. */
function bytesOf(action: SyncAction): number {
  switch (action.kind) {
    case "create":
    case "update":
      return action.source.size ?? 0;
    case "keepBoth":
      return (action.a.size ?? 0) + (action.b.size ?? 0);
    default:
      return 0;
  }
}

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

export class SyncProgress {
  readonly #planned = new Map<string, Tally>();
  readonly #done = new Map<string, Tally>();

  planned(key: string, plan: Plan): void {
    const writes = plan.actions.filter(isWrite);
    this.#planned.set(key, {
      items: writes.length,
      bytes: writes.reduce((sum, action) => sum + bytesOf(action), 0),
    });
  }

  /** Counts an action as done and returns the line to show. */
  applied(key: string, action: SyncAction): string {
    const done = this.#done.get(key) ?? { items: 0, bytes: 0 };
    if (isWrite(action)) {
      done.items++;
      done.bytes += bytesOf(action);
    }
    this.#done.set(key, done);
    return this.#line(key);
  }

  /**
   * Every key's line in one, for runs that write to several places at once (backup disks). In
   * the order of the keys, not of the plans: disks planned at once finish planning in any order,
   * and the line must not reorder itself from one run to the next.
   */
  summary(): string {
    return [...new Set([...this.#planned.keys(), ...this.#done.keys()])]
      .sort()
      .map((key) => this.#line(key))
      .join("; ");
  }

  #line(key: string): string {
    const done = this.#done.get(key) ?? { items: 0, bytes: 0 };
    const planned = this.#planned.get(key);
    if (!planned) return `${key}: ${done.items} done`;
    const bytes = planned.bytes > 0 ? `, ${megabytes(done.bytes)} of ${megabytes(planned.bytes)}` : "";
    return `${key}: ${done.items} of ${planned.items} items${bytes}`;
  }
}
