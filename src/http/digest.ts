/**
 * HTTP Digest authentication (RFC 7616) with MD5 or SHA-256 and `qop=auth`, or no qop for old
 * servers (RFC 2069).
 *
 * Each nonce has its own counter: the counter must grow with every request made under a nonce,
 * and with many requests in flight, several of them are challenged with the same new nonce
 * (after `stale=true`), or a late answer brings back an older one. Hence one
 * {@link DigestSession} per nonce, kept in {@link DigestSessions} and found again by its nonce.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import type { Challenge } from "./challenge.js";

export type DigestAlgorithm = "MD5" | "SHA-256";

const hashNames: Record<DigestAlgorithm, string> = { MD5: "md5", "SHA-256": "sha256" };

/** What concord needs from a Digest challenge it can answer. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: DigestAlgorithm;
  /** `auth` when the server offers it; undefined for a server that knows no qop. */
  readonly qop?: "auth";
  /** The server rejected the nonce, not the credentials: answer again with the new one. */
  readonly stale: boolean;
}

/** The Digest challenge to answer among `challenges`, preferring SHA-256; undefined if none fits. */
export function pickDigestChallenge(challenges: readonly Challenge[]): DigestChallenge | undefined {
  const usable = challenges.flatMap((challenge) => readDigestChallenge(challenge) ?? []);
  return usable.find((challenge) => challenge.algorithm === "SHA-256") ?? usable[0];
}

function readDigestChallenge({ scheme, params }: Challenge): DigestChallenge | undefined {
  const nonce = params.get("nonce");
  const algorithm = (params.get("algorithm") ?? "MD5").toUpperCase();
  if (scheme !== "digest" || nonce === undefined || !(algorithm === "MD5" || algorithm === "SHA-256")) {
    return undefined;
  }
  const qops = params
    .get("qop")
    ?.split(",")
    .map((qop) => qop.trim().toLowerCase());
  // A server offering only auth-int wants a hash of every body: not supported.
  if (qops !== undefined && !qops.includes("auth")) return undefined;
  const opaque = params.get("opaque");
  return {
    realm: params.get("realm") ?? "",
    nonce,
    ...(opaque === undefined ? {} : { opaque }),
    algorithm,
    ...(qops === undefined ? {} : { qop: "auth" as const }),
    stale: params.get("stale")?.toLowerCase() === "true",
  };
}

export interface DigestInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly password: string;
  readonly realm: string;
  readonly nonce: string;
  readonly method: string;
  /** The request target: path and query. */
  readonly uri: string;
  /** With `qop=auth`: the nonce count (8 hex digits) and the client nonce. */
  readonly qop?: { readonly nc: string; readonly cnonce: string };
}

/** The `response` value of RFC 7616 §3.4.1. */
export function digestResponse(input: DigestInput): string {
  const hash = (text: string) => createHash(hashNames[input.algorithm]).update(text, "utf8").digest("hex");
  const ha1 = hash(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = hash(`${input.method}:${input.uri}`);
  return input.qop === undefined
    ? hash(`${ha1}:${input.nonce}:${ha2}`)
    : hash(`${ha1}:${input.nonce}:${input.qop.nc}:${input.qop.cnonce}:auth:${ha2}`);
}

/** One server nonce and the count of requests made under it. */
export class DigestSession {
  private count = 0;

  constructor(readonly challenge: DigestChallenge) {}

  /** The `Authorization` header value for one request; each call counts as a use of the nonce. */
  authorization(method: string, uri: string, username: string, password: string): string {
    const { realm, nonce, opaque, algorithm, qop } = this.challenge;
    const counted = qop && {
      nc: (++this.count).toString(16).padStart(8, "0"),
      cnonce: randomBytes(16).toString("hex"),
    };
    const response = digestResponse({
      algorithm,
      username,
      password,
      realm,
      nonce,
      method,
      uri,
      ...(counted ? { qop: counted } : {}),
    });
    const fields = [
      `username=${quote(username)}`,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `uri=${quote(uri)}`,
      `algorithm=${algorithm}`,
      `response="${response}"`,
      ...(counted ? [`qop=auth`, `nc=${counted.nc}`, `cnonce="${counted.cnonce}"`] : []),
      ...(opaque === undefined ? [] : [`opaque=${quote(opaque)}`]),
    ];
    return `Digest ${fields.join(", ")}`;
  }
}

/**
 * The sessions of the nonces seen lately, so that a nonce met again keeps counting where it was,
 * and a late challenge with an old nonce does not displace a newer one.
 */
export class DigestSessions {
  private readonly byNonce = new Map<string, DigestSession>();
  /** The session of the newest nonce: the one to send up front. */
  current?: DigestSession;

  /** Takes note of a challenge; its nonce becomes current if it is new. */
  add(challenge: DigestChallenge): void {
    if (this.byNonce.has(challenge.nonce)) return;
    this.current = new DigestSession(challenge);
    this.byNonce.set(challenge.nonce, this.current);
    // Old nonces are dead on the server anyway; a handful covers the requests still in flight.
    if (this.byNonce.size > 16) this.byNonce.delete(this.byNonce.keys().next().value!);
  }
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
