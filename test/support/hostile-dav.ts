/**
 * A CalDAV server of the suite's own, for what no real server can be made to do: answer with
 * broken XML, 200 instead of 207, hrefs outside the collection, an endless body, nothing at
 * all, or a 405 to calendar-query, which RFC 4791 requires. It serves one well-behaved calendar
 * ("good") and one that misbehaves as told ("bad"), so tests can check that the bad one fails
 * clearly while the good one still synchronises.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Misbehaviour =
  "malformed-xml" | "200-instead-of-207" | "hrefs-outside" | "huge-body" | "hang" | "refuses-query";

export interface HostileServer {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  misbehave(mode: Misbehaviour): void;
  stop(): Promise<void>;
}

const event = (uid: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20260101T000000Z\r\nSUMMARY:${uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

const xmlEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function multistatus(responses: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">${responses.join("")}</d:multistatus>`;
}

function response(href: string, props: string): string {
  return `<d:response><d:href>${xmlEscape(href)}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

const calendarProps =
  '<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><cs:getctag>"1"</cs:getctag>';

export async function startHostileServer(): Promise<HostileServer> {
  const username = "victim";
  const password = "S3cret-Pa55word";
  let mode: Misbehaviour = "malformed-xml";
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const hanging = new Set<ServerResponse>();

  const send207 = (res: ServerResponse, body: string) => {
    res.writeHead(207, { "content-type": "application/xml; charset=utf-8" });
    res.end(body);
  };

  /** The items of a calendar, by href: what multigets answer from. */
  const items: Record<string, Record<string, string>> = {
    "/u/cal/good/": { "/u/cal/good/g.ics": event("good-item") },
    "/u/cal/bad/": {
      "/u/cal/bad/ok.ics": event("../../escaped-uid"),
      "/etc/passwd": event("etc-passwd"),
      "/u/cal/bad/../../../outside.ics": event("dot-dot"),
      "http://evil.example/x.ics": event("other-host"),
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="hostile"' });
      res.end();
      return;
    }
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const depth = req.headers.depth;
    if (req.method === "PROPFIND" && (path === "/" || path === "/u/")) {
      send207(
        res,
        multistatus([
          response(
            path,
            "<d:current-user-principal><d:href>/u/</d:href></d:current-user-principal><c:calendar-home-set><d:href>/u/cal/</d:href></c:calendar-home-set>",
          ),
        ]),
      );
      return;
    }
    if (req.method === "PROPFIND" && path === "/u/cal/") {
      send207(
        res,
        multistatus([
          response("/u/cal/", "<d:resourcetype><d:collection/></d:resourcetype>"),
          response("/u/cal/good/", calendarProps),
          response("/u/cal/bad/", calendarProps),
        ]),
      );
      return;
    }
    const calendar = path === "/u/cal/good/" || path === "/u/cal/bad/" ? path : undefined;
    if (calendar === undefined) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (req.method === "PROPFIND" && depth === "0") {
      send207(res, multistatus([response(calendar, calendarProps)]));
      return;
    }
    const bad = calendar === "/u/cal/bad/";
    // Every member, by PROPFIND or by calendar-query (with their data if asked): a listing.
    const query = req.method === "REPORT" && body.includes("calendar-query");
    if (query && mode === "refuses-query") {
      res.writeHead(405, { allow: "GET, PUT, DELETE, PROPFIND" });
      res.end();
      return;
    }
    if (req.method === "PROPFIND" || query) {
      if (bad && mode !== "hrefs-outside" && mode !== "refuses-query") return misbehaveOnListing(res);
      const withData = query && body.includes("calendar-data");
      send207(
        res,
        multistatus(
          Object.entries(items[calendar] ?? {}).map(([href, data]) =>
            response(
              href,
              `<d:getetag>"${href.length}"</d:getetag>${withData ? `<c:calendar-data>${xmlEscape(data)}</c:calendar-data>` : ""}`,
            ),
          ),
        ),
      );
      return;
    }
    if (req.method === "REPORT" && body.includes("calendar-multiget")) {
      const hrefs = [...body.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((match) => match[1] ?? "");
      const known = items[calendar] ?? {};
      send207(
        res,
        multistatus(
          Object.entries(known)
            .filter(
              ([href]) =>
                hrefs.some(
                  (asked) => new URL(asked, "http://x").pathname === new URL(href, "http://x").pathname,
                ) || !bad,
            )
            .map(([href, data]) =>
              response(
                href,
                `<d:getetag>"${href.length}"</d:getetag><c:calendar-data>${xmlEscape(data)}</c:calendar-data>`,
              ),
            ),
        ),
      );
      return;
    }
    res.writeHead(405);
    res.end();
  };

  const misbehaveOnListing = (res: ServerResponse) => {
    switch (mode) {
      case "malformed-xml":
        res.writeHead(207, { "content-type": "application/xml" });
        res.end(
          '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/u/cal/bad/x.ics</d:href><d:propstat><oops>',
        );
        return;
      case "200-instead-of-207":
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><body>Welcome to our portal</body></html>");
        return;
      case "huge-body": {
        res.writeHead(207, { "content-type": "application/xml" });
        res.write(
          `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/u/cal/bad/x.ics</d:href><d:propstat><d:prop><d:getetag>`,
        );
        const chunk = "A".repeat(1024 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 200) {
            sent++;
            if (!res.write(chunk)) return void res.once("drain", more);
          }
          res.end("</d:getetag></d:prop></d:propstat></d:response></d:multistatus>");
        };
        res.on("error", () => undefined);
        more();
        return;
      }
      case "hang":
        res.writeHead(207, { "content-type": "application/xml" });
        res.write('<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response>');
        hanging.add(res);
        return;
      case "hrefs-outside":
      case "refuses-query":
        return;
    }
  };

  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    username,
    password,
    misbehave(next) {
      mode = next;
    },
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
