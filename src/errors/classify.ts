/**
 * The one place where foreign errors (Node system errors, SQLite errors) become concord errors,
 * so the rest of the code branches on `disposition` and never on messages.
 * @module
 */
import { ConcordError } from "./concord-error.js";
import { InternalError } from "./internal-error.js";
import { InvalidDataError } from "./invalid-data-error.js";
import { NotFoundError } from "./not-found-error.js";
import { StatusDbError } from "./status-db-error.js";
import { TransientError } from "./transient-error.js";

const transientSystemCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Item-level file system failures: this one file cannot be handled, the others may be. */
const itemSystemCodes = new Set([
  "EACCES",
  "EPERM",
  "ENOSPC",
  "EISDIR",
  "ENOTDIR",
  "ENAMETOOLONG",
  "EROFS",
  "EDQUOT",
]);

function systemCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/**
 * Turns anything thrown into a ConcordError. `context` names what was being done, for the message
 * ("reading /home/me/.calendars/work/x.ics").
 */
export function classify(error: unknown, context: string): ConcordError {
  if (error instanceof ConcordError) return error;
  const code = systemCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "ENOENT")
    return new NotFoundError(`${context}: not found`, { what: context }, { cause: error });
  if (code !== undefined && transientSystemCodes.has(code)) {
    return new TransientError(`${context}: ${detail}`, {}, { cause: error });
  }
  if (code !== undefined && itemSystemCodes.has(code)) {
    return new InvalidDataError(`${context}: ${detail}`, { what: context }, { cause: error });
  }
  if (code?.startsWith("SQLITE_")) {
    return new StatusDbError(`${context}: ${detail}`, { path: context }, { cause: error });
  }
  return new InternalError(
    `${context}: ${detail} (this is a bug in concord; please report it with the output of -v)`,
    { detail },
    { cause: error },
  );
}
