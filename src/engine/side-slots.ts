/**
 * How many writes each side takes at once (`capabilities.writeConcurrency`): a server that
 * serialises its commands (IMAP: one connection) must not hold back the writes to a Maildir on
 * the other side, which go fastest many at a time.
 * @module
 */
import type { Side } from "./types.js";

class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = Math.max(1, size);
  }

  async take(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

export class SideSlots {
  readonly #slots: Record<Side, Slots>;

  constructor(readonly sizes: Readonly<Record<Side, number>>) {
    this.#slots = { a: new Slots(sizes.a), b: new Slots(sizes.b) };
  }

  /** Runs `work` holding a slot of each side it writes to, taken in one order (a, then b). */
  async with<T>(sides: readonly Side[], work: () => Promise<T>): Promise<T> {
    const held = (["a", "b"] as const).filter((side) => sides.includes(side));
    for (const side of held) await this.#slots[side].take();
    try {
      return await work();
    } finally {
      for (const side of held) this.#slots[side].give();
    }
  }
}
