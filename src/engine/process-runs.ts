/**
 * Whether a process of this host still runs: signal 0 checks that it exists without touching
 * it; EPERM means it does, under another user. Used to tell live locks and daemon records from
 * those a killed process left behind.
 * @module
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
