import { describe, expect, it } from "vitest";
import { errorConditions } from "./error-body.js";

const sabreInvalidToken = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">
  <s:sabredav-version>4.6.0</s:sabredav-version>
  <s:exception>Sabre\\DAV\\Exception\\InvalidSyncToken</s:exception>
  <s:message>Invalid or unknown sync token</s:message>
  <d:valid-sync-token/>
</d:error>
`;

describe("errorConditions", () => {
  it("names the elements inside a DAV error, such as an expired sync token (SabreDAV)", () => {
    expect(errorConditions(sabreInvalidToken)).toContain("{DAV:}valid-sync-token");
  });

  it("names conditions with their namespace and leaves out what they contain", () => {
    expect(
      errorConditions(
        '<error xmlns="DAV:"><need-privileges><resource><href>/a</href></resource></need-privileges>' +
          '<C:supported-calendar-component xmlns:C="urn:ietf:params:xml:ns:caldav"/></error>',
      ),
    ).toEqual(["{DAV:}need-privileges", "{urn:ietf:params:xml:ns:caldav}supported-calendar-component"]);
  });

  it("keeps what it found before a body cut short", () => {
    expect(errorConditions('<d:error xmlns:d="DAV:"><d:valid-sync-token/><d:number-of-matches-wi')).toEqual([
      "{DAV:}valid-sync-token",
    ]);
  });

  it.each([
    ["an HTML page", "<!DOCTYPE html><html><body><p>Forbidden</p></body></html>"],
    ["plain text", "Forbidden"],
    ["nothing", ""],
    ["another root", '<x:error xmlns:x="urn:other"><x:valid-sync-token/></x:error>'],
  ])("names nothing for %s", (_, body) => {
    expect(errorConditions(body)).toEqual([]);
  });
});
