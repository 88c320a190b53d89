/** Polls until a mail server serves; fails as soon as its process exits, or at the deadline. */
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerProcess } from "../servers/child.js";

const timeoutMs = 30_000;
const pollMs = 50;

export class ExitedEarly extends Error {}

export async function waitUntil(
  name: string,
  child: ServerProcess,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = await Promise.race([child.exited, sleep(pollMs)]);
    if (exit)
      throw new ExitedEarly(`${name} exited (code ${exit.code}, signal ${exit.signal})\n${child.output}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${name} did not get ready within ${timeoutMs / 1000} s`);
  }
}
