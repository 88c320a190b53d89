/**
 * What a message's version and a mailbox's listing state are made of, as strings the status
 * keeps.
 *
 * A message's content never changes under its UID, only its flags. Its version is therefore
 * `<uidvalidity>.<uid>.<modseq>` where the server has CONDSTORE (every flag change raises the
 * modseq), else `<uidvalidity>.<uid>.(<flags, sorted>)`. The UIDVALIDITY makes a UID reused after
 * the server renumbered a mailbox another version, never the old message's.
 *
 * A listing state is `<uidvalidity>.<highestmodseq>.<uidnext>.<count>`: what the mailbox looked
 * like when listed, and how many messages the listing gave (see `imap-listing.ts` for how a
 * later listing uses the count).
 * @module
 */
import { asVersion, type Attributes, type Version } from "../../contract/index.js";
import { flagsOf } from "../../models/message.js";

export interface MessageVersion {
  readonly uidValidity: bigint;
  readonly uid: number;
  /** With CONDSTORE. */
  readonly modseq?: bigint;
  /** Without CONDSTORE: the flags, as `flagsOf` sorts them, joined with spaces. */
  readonly flags?: string;
}

export function formatVersion(
  uidValidity: bigint,
  uid: number,
  modseq: bigint | undefined,
  attributes: Attributes,
): Version {
  const change = modseq === undefined ? `(${flagsOf(attributes).join(" ")})` : modseq.toString();
  return asVersion(`${uidValidity}.${uid}.${change}`);
}

/** The parts of a version this storage wrote, or undefined for anything else. */
export function parseVersion(version: Version | undefined): MessageVersion | undefined {
  const match = version === undefined ? null : /^(\d+)\.(\d+)\.(?:(\d+)|\((.*)\))$/s.exec(version);
  if (match === null) return undefined;
  const [, uidValidity, uid, modseq, flags] = match as unknown as [string, string, string, string?, string?];
  return {
    uidValidity: BigInt(uidValidity),
    uid: Number(uid),
    ...(modseq === undefined ? { flags: flags ?? "" } : { modseq: BigInt(modseq) }),
  };
}

export interface ListingState {
  readonly uidValidity: bigint;
  readonly highestModseq: bigint;
  /** Every message the listing gave has a lower UID; every message it did not give, this or a higher one. */
  readonly uidNext: number;
  /** How many messages the listing (with the listings before it, for a delta) says the mailbox holds. */
  readonly count: number;
}

export const formatState = (state: ListingState): string =>
  `${state.uidValidity}.${state.highestModseq}.${state.uidNext}.${state.count}`;

/** A state this storage wrote, or undefined for anything else (a state of another storage type). */
export function parseState(state: string | undefined): ListingState | undefined {
  const match = state === undefined ? null : /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(state);
  if (match === null) return undefined;
  const [, uidValidity, highestModseq, uidNext, count] = match as unknown as string[];
  return {
    uidValidity: BigInt(uidValidity!),
    highestModseq: BigInt(highestModseq!),
    uidNext: Number(uidNext),
    count: Number(count),
  };
}
