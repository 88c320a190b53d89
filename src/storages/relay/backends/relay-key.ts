/**
 * The check every backend makes of a key before it names a file or an object by it.
 * @module
 */
import { InvalidDataError } from "../../../errors/index.js";

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const unnamed = /[\0-\x1f\\]/;

/**
 * Whether no segment of a `/`-separated key could step outside the relay (an empty, `.` or `..`
 * segment) or is no name at all (a control character, a backslash).
 */
export function isPlainKey(key: string): boolean {
  return key.split("/").every((part) => part !== "" && part !== "." && part !== ".." && !unnamed.test(part));
}

/**
 * A key's segments, refused unless it is plain.
 * @param where the relay, for the message
 */
export function keySegments(key: string, where: string): string[] {
  if (!isPlainKey(key))
    throw new InvalidDataError(`${where}: refusing the relay key ${JSON.stringify(key)}`, { what: key });
  return key.split("/");
}
