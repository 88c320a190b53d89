/**
 * Streaming reader of a WebDAV multistatus (RFC 4918 §13), the answer to PROPFIND and to the
 * CalDAV/CardDAV REPORTs. The body is parsed as it arrives and yields one response at a time,
 * so a multistatus of any length needs memory for one response only.
 *
 * Tolerant where real servers differ (any namespace prefixes, relative hrefs, a propstat
 * without a status, stray control characters, unknown elements) and strict where the answer
 * cannot be trusted: XML that is not well-formed, a root that is not a multistatus, or text
 * beyond a size limit ends the reading with an `InvalidDataError` naming the URL and the place.
 *
 * @example
 * const answer = parseMultistatus(body, { url, wanted: [davNames.getetag] });
 * for await (const response of answer) use(response.href, propText(response, davNames.getetag));
 * const token = answer.syncToken();
 * @module
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ConcordError, InternalError, InvalidDataError } from "../../../errors/index.js";
import type { DavResponse } from "./dav-response.js";
import { MultistatusCollector, type CollectorLimits } from "./multistatus-collector.js";
import { clarkName } from "./namespaces.js";
import { xmlText } from "./xml-text.js";

export interface MultistatusOptions {
  /** The URL the body came from, named in every error. */
  readonly url: string;
  /**
   * Properties to keep (Clark names such as `{DAV:}getetag`); others are skipped as they are
   * read. All properties are kept when absent.
   */
  readonly wanted?: Iterable<string>;
  /**
   * The most text, in UTF-16 code units, that one response may carry in all its values together,
   * and the longest stretch of text or markup the parser may hold before reporting it.
   * A hostile or broken server cannot make concord hold more. Default 32 MiB.
   */
  readonly maxTextLength?: number;
  /** The most elements one response may hold. Default 10,000. */
  readonly maxElementsPerResponse?: number;
}

export const defaultMaxTextLength = 32 * 1024 * 1024;
export const defaultMaxElementsPerResponse = 10_000;

/** The responses of a multistatus, to be read once, and what follows them. */
export interface Multistatus extends AsyncIterable<DavResponse> {
  /**
   * The multistatus-level `<D:sync-token>` (RFC 6578), which servers send after the responses:
   * available once the responses have been read to their end. Undefined if there was none.
   */
  syncToken(): string | undefined;
}

/** Reads `source`, the body of a 207 answer from `options.url`, one response at a time. */
export function parseMultistatus(
  source: AsyncIterable<Uint8Array | string>,
  options: MultistatusOptions,
): Multistatus {
  const limits: CollectorLimits = {
    url: options.url,
    wanted: options.wanted === undefined ? undefined : new Set(options.wanted),
    maxTextLength: options.maxTextLength ?? defaultMaxTextLength,
    maxElementsPerResponse: options.maxElementsPerResponse ?? defaultMaxElementsPerResponse,
  };
  let state: "unread" | "reading" | "read" = "unread";
  let token: string | undefined;
  return {
    async *[Symbol.asyncIterator]() {
      if (state !== "unread")
        throw new InternalError(`${options.url}: a multistatus can be read only once`, {});
      state = "reading";
      token = yield* responses(source, limits);
      state = "read";
    },
    syncToken() {
      if (state !== "read") {
        throw new InternalError(`${options.url}: sync token asked for before the multistatus was read`, {});
      }
      return token;
    },
  };
}

/** Yields the responses, then returns the sync token. */
async function* responses(
  source: AsyncIterable<Uint8Array | string>,
  limits: CollectorLimits,
): AsyncGenerator<DavResponse, string | undefined> {
  const collector = new MultistatusCollector(limits);
  const parser = new SaxesParser({ xmlns: true, position: true });
  // How much text the parser was given, and how far it had read when it last reported something:
  // whatever it read since, it holds in memory.
  let fed = 0;
  let reported = 0;
  const progress = (): void => {
    reported = parser.position;
  };
  parser.on("opentag", (tag) => {
    progress();
    collector.open(clarkName(tag.uri, tag.local), attributesOf(tag));
  });
  parser.on("closetag", () => {
    progress();
    collector.close();
  });
  const text = (value: string): void => {
    progress();
    collector.text(value);
  };
  parser.on("text", text);
  parser.on("cdata", text);
  // No handlers for comments, processing instructions or doctypes: with them set, saxes parsed
  // several times slower when measured, and a comment long enough to matter is caught by the
  // check below all the same.

  for await (const slice of xmlText(source)) {
    feed(limits.url, () => parser.write(slice));
    fed += slice.length;
    if (fed - reported > limits.maxTextLength) {
      throw new InvalidDataError(
        `${limits.url}: more than ${limits.maxTextLength} characters of text or markup in one piece`,
        { what: limits.url },
      );
    }
    yield* collector.take();
  }
  feed(limits.url, () => parser.close());
  yield* collector.take();
  return collector.syncToken;
}

/** Attribute values by name, `{namespace}local` for namespaced ones, without xmlns declarations. */
function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
    attributes[attribute.uri ? clarkName(attribute.uri, attribute.local) : attribute.local] = attribute.value;
  }
  return attributes;
}

/** Runs a parser step, turning its complaints into an `InvalidDataError` that names `url`. */
function feed(url: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    if (error instanceof ConcordError) throw error;
    throw new InvalidDataError(
      `${url}: the answer is not well-formed XML (${describe(error)})`,
      { what: url },
      {
        cause: error,
      },
    );
  }
}

/** saxes reports `line:column: message`; this spells the place out. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const place = /^(\d+):(\d+): (.*)$/s.exec(message);
  return place ? `line ${place[1]}, column ${place[2]}: ${place[3]}` : message;
}
