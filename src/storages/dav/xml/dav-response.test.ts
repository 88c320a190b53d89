import { describe, expect, it } from "vitest";
import { okProps, propHrefs, propText, type DavElement, type DavResponse } from "./dav-response.js";
import { davNames } from "./namespaces.js";

const prop = (name: string, text: string, children: DavElement[] = []): DavElement => ({
  name,
  text,
  children,
  attributes: {},
});

const response: DavResponse = {
  href: "/cal/",
  propstats: [
    { status: 200, props: new Map([[davNames.displayname, prop(davNames.displayname, "Work")]]) },
    { status: 404, props: new Map([[davNames.getetag, prop(davNames.getetag, "")]]) },
    { status: 403, props: new Map([[davNames.getctag, prop(davNames.getctag, "")]]) },
    {
      status: 207,
      props: new Map([
        [
          davNames.calendarHomeSet,
          prop(davNames.calendarHomeSet, "", [
            prop(davNames.href, "/a/"),
            prop("{urn:x}other", "no"),
            prop(davNames.href, "/b/"),
          ]),
        ],
      ]),
    },
  ],
};

describe("reading a response's properties", () => {
  it("collects the properties of every successful propstat", () => {
    expect([...okProps(response).keys()]).toEqual([davNames.displayname, davNames.calendarHomeSet]);
  });

  it("reads text only from successful propstats", () => {
    expect(propText(response, davNames.displayname)).toBe("Work");
    expect(propText(response, davNames.getetag)).toBeUndefined();
    expect(propText(response, davNames.getctag)).toBeUndefined();
    expect(propText(response, "{DAV:}missing")).toBeUndefined();
  });

  it("lists the hrefs inside a property", () => {
    expect(propHrefs(response, davNames.calendarHomeSet)).toEqual(["/a/", "/b/"]);
    expect(propHrefs(response, davNames.displayname)).toEqual([]);
    expect(propHrefs(response, davNames.getetag)).toBeUndefined();
  });
});
