/**
 * A counting semaphore: at most `size` holders at once, the others wait in order.
 * @module
 */

export class ConcurrencyLimit {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  /** Waits for a place; the function returned gives it back (calling it again does nothing). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.waiting.shift();
      // The place passes straight to the next in line, so that no newcomer can overtake it.
      if (next === undefined) this.free++;
      else next();
    };
  }
}
