import { expect, it } from "vitest";
import * as xml from "./index.js";

it("exports exactly the XML API of the DAV client", () => {
  expect(Object.keys(xml).sort()).toEqual([
    "addressbookMultigetBody",
    "calendarComponents",
    "calendarMultigetBody",
    "calendarQueryBody",
    "clarkName",
    "collectionPropertyNames",
    "davNames",
    "defaultMaxElementsPerResponse",
    "defaultMaxTextLength",
    "errorConditions",
    "isInside",
    "memberName",
    "mkcalendarBody",
    "mkcolAddressbookBody",
    "namespaces",
    "normalisePath",
    "okProps",
    "parseMultistatus",
    "propHrefs",
    "propText",
    "propfindBody",
    "proppatchBody",
    "resolveHref",
    "splitClarkName",
    "syncCollectionBody",
  ]);
});
