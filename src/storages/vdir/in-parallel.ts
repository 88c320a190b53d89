/**
 * Bounded parallelism for file system calls: enough requests in flight to hide the latency of a
 * network or spinning disk, few enough not to exhaust file descriptors on a 10 000-item folder.
 * @module
 */

/**
 * Runs `work` on every input, at most `limit` at once, and yields the results as they complete
 * (not in input order). `work` should not reject: a rejection ends the iteration.
 */
export async function* inParallel<Input, Result>(
  inputs: readonly Input[],
  limit: number,
  work: (input: Input) => Promise<Result>,
): AsyncGenerator<Result> {
  const running = new Map<number, Promise<readonly [number, Result]>>();
  let started = 0;
  const startNext = (): void => {
    const index = started++;
    running.set(
      index,
      work(inputs[index] as Input).then((result) => [index, result] as const),
    );
  };
  while (started < inputs.length && running.size < limit) startNext();
  while (running.size > 0) {
    const [index, result] = await Promise.race(running.values());
    running.delete(index);
    if (started < inputs.length) startNext();
    yield result;
  }
}
