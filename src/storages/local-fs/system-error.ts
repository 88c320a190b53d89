/**
 * Reading the `code` of Node's system errors (ENOENT, EEXIST, ...), for the few places where a
 * storage decides by the code itself instead of handing the error to `classify`.
 * @module
 */

export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** The file or folder does not exist. */
export const isMissing = (error: unknown): boolean => systemErrorCode(error) === "ENOENT";

/**
 * File systems without hard links (FAT, exFAT, some network and FUSE mounts) refuse `link` with
 * one of these; a writer that publishes by `link` needs another way there.
 */
const noHardLinkCodes = new Set<string | undefined>(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

export const isHardLinkUnsupported = (error: unknown): boolean => noHardLinkCodes.has(systemErrorCode(error));
