/**
 * The one place where what imapflow throws becomes a concord error: a refused login, a TLS
 * failure, a dropped or refused connection, a server's NO or BAD. Messages name the host and
 * the user, never a password or token (imapflow's errors carry the command as sent only for
 * commands that hold no credentials, and are never passed on whole).
 * @module
 */
import {
  AuthError,
  classify,
  ConcordError,
  ConfigError,
  InvalidDataError,
  RateLimitedError,
  TransientError,
} from "../../errors/index.js";

/** What imapflow's errors may carry (`ImapFlowError` in its types, plus Node's `code`). */
interface ImapFlowFailure {
  readonly code?: string;
  readonly authenticationFailed?: boolean;
  readonly tlsFailed?: boolean;
  readonly responseStatus?: string;
  readonly responseText?: string;
  readonly serverResponseCode?: string;
  readonly message?: string;
}

/** The account an error is about, for its message. */
export interface Account {
  readonly host: string;
  readonly username: string;
}

/** A connection that failed, closed or timed out: the same command may pass on a new one. */
const transientCodes = new Set([
  "NoConnection",
  "StateLogout",
  "EConnectionClosed",
  "CONNECT_TIMEOUT",
  "GREETING_TIMEOUT",
  "UPGRADE_TIMEOUT",
  "ETIMEOUT",
  "ClosedAfterConnectText",
  "ClosedAfterConnectTLS",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

/** Of those, the codes of a connection that was open and is no more. */
const lostCodes = new Set([
  "NoConnection",
  "StateLogout",
  "EConnectionClosed",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
]);

/** Node's codes for a certificate that did not verify or a handshake that failed. */
const isTlsCode = (code: string): boolean =>
  /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_)/.test(code) ||
  code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
  code === "SELF_SIGNED_CERT_IN_CHAIN" ||
  code === "HOSTNAME_MISMATCH";

/** The server's own words for a refusal, when it gave any. */
export function serverWords(error: unknown): string | undefined {
  const { responseStatus, responseText } = (error ?? {}) as ImapFlowFailure;
  if (responseStatus === undefined) return undefined;
  return responseText ? `${responseStatus} ${responseText}` : responseStatus;
}

/** Whether the server answered the command with NO or BAD (as opposed to a failed connection). */
export function isRefusal(error: unknown): boolean {
  const { responseStatus } = (error ?? {}) as ImapFlowFailure;
  return responseStatus === "NO" || responseStatus === "BAD";
}

/**
 * Turns anything thrown while talking to the server into a ConcordError. `context` says what was
 * being done ("listing INBOX"); the account is named in every message.
 */
export function imapError(error: unknown, account: Account, context: string): ConcordError {
  if (error instanceof ConcordError) return error;
  const failure = (error ?? {}) as ImapFlowFailure;
  const where = `imap://${account.username}@${account.host}`;
  if (failure.authenticationFailed) {
    const words = serverWords(error);
    return new AuthError(
      `${account.host}: the server refused the login of ${account.username}${words ? ` (${words})` : ""}; check the password or token`,
      { url: where },
    );
  }
  const code = failure.code ?? "";
  if (failure.tlsFailed || isTlsCode(code)) {
    return new ConfigError(
      `${account.host}: TLS failed${code ? ` (${code})` : ""}${failure.message ? `: ${failure.message}` : ""}; set ca_file for a server with a private CA, or check host and security`,
      {},
    );
  }
  if (code === "ETHROTTLE") {
    return new RateLimitedError(`${context} on ${account.host}: the server asks to slow down`, {
      url: where,
    });
  }
  if (transientCodes.has(code)) {
    // imapflow's own words for a dropped connection ("Connection not available") do not say so.
    const what = lostCodes.has(code) ? "the connection was lost" : (failure.message ?? code);
    return new TransientError(`${context} on ${account.host}: ${what} (${code})`, { url: where });
  }
  if (isRefusal(error)) {
    return new InvalidDataError(`${context} on ${account.host}: the server answered ${serverWords(error)}`, {
      what: where,
    });
  }
  return classify(error, `${context} on ${account.host}`);
}
