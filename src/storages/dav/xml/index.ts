/**
 * The XML half of the DAV client: request bodies out, multistatus and error bodies in, and the
 * href arithmetic needed to match what comes back with what was asked for. The modules behind
 * it (XML writing, escaping, input cleaning, the response collector) are not part of it.
 * @module
 */
export {
  addressbookMultigetBody,
  calendarComponents,
  calendarMultigetBody,
  calendarQueryBody,
  mkcalendarBody,
  mkcolAddressbookBody,
  propfindBody,
  proppatchBody,
  syncCollectionBody,
  type CalendarComponent,
  type PropertyUpdate,
  type SyncCollectionRequest,
} from "./bodies.js";
export { collectionPropertyNames, type CollectionKind } from "./collection-properties.js";
export {
  okProps,
  propHrefs,
  propText,
  type DavElement,
  type DavProp,
  type DavPropstat,
  type DavResponse,
} from "./dav-response.js";
export { errorConditions } from "./error-body.js";
export { isInside, memberName, normalisePath, resolveHref } from "./href.js";
export {
  defaultMaxElementsPerResponse,
  defaultMaxTextLength,
  parseMultistatus,
  type Multistatus,
  type MultistatusOptions,
} from "./multistatus.js";
export { clarkName, davNames, namespaces, splitClarkName } from "./namespaces.js";
