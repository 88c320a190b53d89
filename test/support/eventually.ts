/**
 * Waiting for a state rather than for a time: tests that watch a process or a server poll a
 * condition, so they pass as fast as the machine allows and never depend on its speed.
 */

/** Polls `condition` every 100 ms for up to `timeoutMs`; fails naming `what` it waited for. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
