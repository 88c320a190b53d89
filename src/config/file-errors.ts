/**
 * Why a file could not be used, in words: for messages about the config file and secret files.
 * @module
 */

const reasons: Partial<Record<string, string>> = {
  ENOENT: "no such file",
  ENOTDIR: "no such file (a part of the path is not a folder)",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder, not a file",
  ELOOP: "too many symbolic links",
};

/** The reason for a failed file operation; Node's own message for the rare ones. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code === undefined ? undefined : reasons[code]) ?? String((error as Error).message ?? error);
}
