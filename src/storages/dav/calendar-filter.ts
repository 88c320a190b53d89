/**
 * A calendar limited to a time range and to kinds of items (`start_date`, `end_date`,
 * `item_types`), as vdirsyncer and DAVx5 let users limit one: the server is asked which items
 * match (a calendar-query with a time-range, so a recurring event counts when any instance falls
 * inside), and the others are left out of the listing as items to leave alone. They are never
 * read as deleted, on either side: the listing still names them, it only does not carry them.
 * @module
 */
import { ConfigError } from "../../errors/index.js";
import { type CalendarComponent, calendarComponents } from "./xml/bodies.js";

/** `2024-01-31`, `2024-01-31T08:00:00Z`, or an offset from today: `-90d`, `+2y`, `-6m`, `+1w`. */
export const dateBoundPattern = /^(?:[+-]\d{1,5}[dwmy]|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?Z)?)$/;

export interface CalendarFilterConfig {
  readonly start_date?: string | undefined;
  readonly end_date?: string | undefined;
  readonly item_types?: readonly CalendarComponent[] | undefined;
}

export interface CalendarFilter {
  readonly start?: Date;
  readonly end?: Date;
  /** The components asked for, one query each: CalDAV has no "any of" filter. */
  readonly types: readonly CalendarComponent[];
  /** The filter as the listing state remembers it: a window that moved asks for a full listing. */
  readonly key: string;
  /** Why an item outside it is left out, for `-v`. */
  readonly why: string;
}

/** The filter a caldav storage's config asks for today, or undefined for none. */
export function calendarFilter(
  config: CalendarFilterConfig,
  configKey: string,
  now = new Date(),
): CalendarFilter | undefined {
  const { start_date: startText, end_date: endText, item_types: types } = config;
  if (startText === undefined && endText === undefined && types === undefined) return undefined;
  const start = startText === undefined ? undefined : dateBound(startText, now);
  const end = endText === undefined ? undefined : dateBound(endText, now);
  if (start && end && start >= end) {
    throw new ConfigError(
      `${configKey}.end_date: ${JSON.stringify(endText)} is not after start_date ${JSON.stringify(startText)}`,
      { key: `${configKey}.end_date` },
    );
  }
  const range = `${start?.toISOString() ?? ""}..${end?.toISOString() ?? ""}`;
  const asked = types ?? calendarComponents;
  const limits = [
    ...(start || end ? [`${startText ?? "any time"} to ${endText ?? "any time"}`] : []),
    ...(types ? [`item_types ${types.join(", ")}`] : []),
  ];
  return {
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    types: asked,
    key: `${asked.join(",")} ${range}`,
    why: `outside the storage's filter (${limits.join("; ")}): left alone`,
  };
}

/** A bound as a time: a date or time as written, or today (UTC midnight) moved by the offset. */
function dateBound(text: string, now: Date): Date {
  const offset = /^([+-]\d+)([dwmy])$/.exec(text);
  if (offset === null) return new Date(text.includes("T") ? text : `${text}T00:00:00Z`);
  const amount = Number(offset[1]);
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  switch (offset[2]) {
    case "d":
      day.setUTCDate(day.getUTCDate() + amount);
      break;
    case "w":
      day.setUTCDate(day.getUTCDate() + 7 * amount);
      break;
    case "m":
      day.setUTCMonth(day.getUTCMonth() + amount);
      break;
    default:
      day.setUTCFullYear(day.getUTCFullYear() + amount);
  }
  return day;
}
