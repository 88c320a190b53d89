/**
 * Which DAV property holds each collection property concord carries (displayname, colour,
 * description, order), for calendars and for address books.
 * @module
 */
import type { PropertyName } from "../../../contract/index.js";
import { clarkName, namespaces } from "./namespaces.js";

export type CollectionKind = "calendar" | "addressbook";

/**
 * Clark names by property. Address books have no standard property for a colour or an order,
 * so they have no entry: asking a server to store one would only earn a 403 per collection.
 */
export const collectionPropertyNames: Readonly<
  Record<CollectionKind, Readonly<Partial<Record<PropertyName, string>>>>
> = {
  calendar: {
    displayname: clarkName(namespaces.dav, "displayname"),
    color: clarkName(namespaces.appleIcal, "calendar-color"),
    description: clarkName(namespaces.caldav, "calendar-description"),
    order: clarkName(namespaces.appleIcal, "calendar-order"),
  },
  addressbook: {
    displayname: clarkName(namespaces.dav, "displayname"),
    description: clarkName(namespaces.carddav, "addressbook-description"),
  },
};
