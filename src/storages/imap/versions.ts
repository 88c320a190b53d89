/**
 * What a message's version and a mailbox's listing state are made of, as strings the status
 * keeps.
 *
 * A message's href is `<uidvalidity>.<uid>`: a UID names one message for as long as the
 * mailbox's UIDVALIDITY lasts, and a server that renumbers a mailbox may give an old UID to
 * another message, which must be another href (the engine never reads a known href's content
 * again). Its content never changes under its href, only its flags. Its version is therefore
 * `<href>.<modseq>` where the server has CONDSTORE (every flag change raises the modseq), else
 * `<href>.(<flags, sorted>)`.
 *
 * A listing state is `<uidvalidity>.<highestmodseq>.<uidnext>.<count>`: what the mailbox looked
 * like when listed, and how many messages the listing gave (see `imap-listing.ts` for how a
 * later listing uses the count).
 * @module
 */
import { asHref, asVersion, type Attributes, type Href, type Version } from "../../contract/index.js";
import { flagsOf } from "../../models/message.js";

export interface MessageVersion {
  readonly uidValidity: bigint;
  readonly uid: number;
  /** With CONDSTORE. */
  readonly modseq?: bigint;
  /** Without CONDSTORE: the flags, as `flagsOf` sorts them, joined with spaces. */
  readonly flags?: string;
}

export const formatHref = (uidValidity: bigint, uid: number): Href => asHref(`${uidValidity}.${uid}`);

/** What an href this storage gave names, or undefined for anything else. */
export function parseHref(href: Href): { readonly uidValidity: bigint; readonly uid: number } | undefined {
  const match = /^(\d{1,10})\.([1-9]\d{0,9})$/.exec(href);
  if (match === null) return undefined;
  const uid = Number(match[2]);
  return uid <= 0xffffffff ? { uidValidity: BigInt(match[1] as string), uid } : undefined;
}

/** The UID an href names in a mailbox of this UIDVALIDITY; undefined when it names none there. */
export function uidIn(href: Href, uidValidity: bigint): number | undefined {
  const parsed = parseHref(href);
  return parsed?.uidValidity === uidValidity ? parsed.uid : undefined;
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
