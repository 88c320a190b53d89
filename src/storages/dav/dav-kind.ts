/**
 * What differs between CalDAV and CardDAV, in one place: resource types, home-set property,
 * multiget body, content type, file extension and well-known path.
 * @module
 */
import {
  addressbookMultigetBody,
  addressbookQueryBody,
  calendarMultigetBody,
  calendarQueryBody,
} from "./xml/bodies.js";
import type { CollectionKind } from "./xml/collection-properties.js";
import { davNames } from "./xml/namespaces.js";
import type { ItemModel } from "../../contract/index.js";
import { calendarModel, contactModel } from "../../models/pim.js";

export interface DavKind {
  readonly model: ItemModel;
  readonly collectionKind: CollectionKind;
  /** The resourcetype child that marks a collection of this kind. */
  readonly resourceType: string;
  readonly homeSet: string;
  /** The property holding an item's data in a multiget answer. */
  readonly dataProperty: string;
  readonly wellKnownPath: string;
  readonly contentType: string;
  readonly fileExtension: string;
  multigetBody(hrefs: readonly string[]): string;
  /** A REPORT returning every item with its ETag, and its data if asked (send with Depth 1). */
  queryAllBody(withData: boolean): string;
  /** RFC 4791 says not to send Depth with calendar-multiget; RFC 6352 asks for Depth 0. */
  readonly multigetDepth: "0" | undefined;
}

export const caldavKind: DavKind = {
  model: calendarModel,
  collectionKind: "calendar",
  resourceType: davNames.calendar,
  homeSet: davNames.calendarHomeSet,
  dataProperty: davNames.calendarData,
  wellKnownPath: "/.well-known/caldav",
  contentType: "text/calendar; charset=utf-8",
  fileExtension: ".ics",
  multigetBody: (hrefs) => calendarMultigetBody(hrefs),
  queryAllBody: (withData) => calendarQueryBody({ calendarData: withData }),
  multigetDepth: undefined,
};

export const carddavKind: DavKind = {
  model: contactModel,
  collectionKind: "addressbook",
  resourceType: davNames.addressbook,
  homeSet: davNames.addressbookHomeSet,
  dataProperty: davNames.addressData,
  wellKnownPath: "/.well-known/carddav",
  contentType: "text/vcard; charset=utf-8",
  fileExtension: ".vcf",
  multigetBody: (hrefs) => addressbookMultigetBody(hrefs),
  queryAllBody: (withData) => addressbookQueryBody({ addressData: withData }),
  multigetDepth: "0",
};
