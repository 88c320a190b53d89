/**
 * The listing state of a relay: the place's position in the journal, as the engine stores it.
 * @module
 */
import { InvalidDataError } from "../../errors/index.js";
import { type Position, positionSchema } from "./records.js";

export const stateOf = (position: Position): string =>
  JSON.stringify(Object.fromEntries(Object.entries(position).sort(([x], [y]) => (x < y ? -1 : 1))));

export function parseState(state: string, storage: string): Position {
  try {
    return positionSchema.parse(JSON.parse(state));
  } catch {
    throw new InvalidDataError(`storage ${storage}: a listing state that is not a relay position`, {
      what: storage,
    });
  }
}
