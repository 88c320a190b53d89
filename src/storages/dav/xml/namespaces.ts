/**
 * The XML namespaces DAV servers speak, and the `{namespace}local` (Clark) notation this folder
 * uses to name elements and properties, so that names never depend on the prefixes a server
 * happened to choose.
 * @module
 */

/** Namespace URIs, by the short name used for their prefix in request bodies. */
export const namespaces = {
  dav: "DAV:",
  caldav: "urn:ietf:params:xml:ns:caldav",
  carddav: "urn:ietf:params:xml:ns:carddav",
  /** CalendarServer extensions: `getctag`. */
  calendarServer: "http://calendarserver.org/ns/",
  /** Apple iCal extensions: `calendar-color`, `calendar-order`. */
  appleIcal: "http://apple.com/ns/ical/",
} as const;

/** `{namespace}local`: an element's name independent of any prefix. */
export function clarkName(namespace: string, local: string): string {
  return `{${namespace}}${local}`;
}

/** Splits `{namespace}local`; a name without braces has no namespace. */
export function splitClarkName(name: string): { namespace: string; local: string } {
  const match = /^\{([^}]*)\}(.+)$/.exec(name);
  if (!match) return { namespace: "", local: name };
  return { namespace: match[1] ?? "", local: match[2] ?? "" };
}

/** The Clark names of the DAV, CalDAV and CardDAV elements concord reads and writes. */
export const davNames = {
  multistatus: clarkName(namespaces.dav, "multistatus"),
  response: clarkName(namespaces.dav, "response"),
  href: clarkName(namespaces.dav, "href"),
  status: clarkName(namespaces.dav, "status"),
  propstat: clarkName(namespaces.dav, "propstat"),
  prop: clarkName(namespaces.dav, "prop"),
  error: clarkName(namespaces.dav, "error"),
  syncToken: clarkName(namespaces.dav, "sync-token"),
  getetag: clarkName(namespaces.dav, "getetag"),
  getcontentlength: clarkName(namespaces.dav, "getcontentlength"),
  resourcetype: clarkName(namespaces.dav, "resourcetype"),
  collection: clarkName(namespaces.dav, "collection"),
  displayname: clarkName(namespaces.dav, "displayname"),
  currentUserPrincipal: clarkName(namespaces.dav, "current-user-principal"),
  supportedReportSet: clarkName(namespaces.dav, "supported-report-set"),
  calendar: clarkName(namespaces.caldav, "calendar"),
  calendarData: clarkName(namespaces.caldav, "calendar-data"),
  calendarHomeSet: clarkName(namespaces.caldav, "calendar-home-set"),
  supportedCalendarComponentSet: clarkName(namespaces.caldav, "supported-calendar-component-set"),
  addressbook: clarkName(namespaces.carddav, "addressbook"),
  addressData: clarkName(namespaces.carddav, "address-data"),
  addressbookHomeSet: clarkName(namespaces.carddav, "addressbook-home-set"),
  getctag: clarkName(namespaces.calendarServer, "getctag"),
} as const;
