/**
 * Builds `DavResponse`s from the elements of a multistatus as a parser reports them (open,
 * text, close), keeping only what belongs to the response being read, so that memory holds
 * one response at a time however long the multistatus is.
 * @module
 */
import { InvalidDataError } from "../../../errors/index.js";
import { ownCopy } from "../../../formats/index.js";
import type { DavElement, DavPropstat, DavResponse } from "./dav-response.js";
import { davNames } from "./namespaces.js";

export interface CollectorLimits {
  /** The URL the multistatus came from, named in errors. */
  readonly url: string;
  /** Properties to keep (Clark names); all when absent. */
  readonly wanted?: ReadonlySet<string>;
  /** The most text, in UTF-16 code units, one response or the sync token may hold. */
  readonly maxTextLength: number;
  /** The most elements one response may hold. */
  readonly maxElementsPerResponse: number;
}

/**
 * What an open element is to the multistatus. `property` covers a property and everything
 * below it; `ignored` covers unknown elements and everything below them.
 */
type Role =
  | "multistatus"
  | "response"
  | "href"
  | "responseStatus"
  | "propstat"
  | "propstatStatus"
  | "prop"
  | "property"
  | "error"
  | "precondition"
  | "syncToken"
  | "ignored";

interface Frame {
  readonly role: Role;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  text: string;
  readonly children: DavElement[];
}

interface ResponseDraft {
  readonly hrefs: string[];
  status?: number;
  readonly propstats: DavPropstat[];
  error?: string[];
  elements: number;
  textLength: number;
}

interface PropstatDraft {
  status?: number;
  readonly props: Map<string, DavElement>;
}

/** Which role a child named `name` has inside a parent of role `parent`. */
function childRole(parent: Role, name: string, wanted: ReadonlySet<string> | undefined): Role {
  switch (parent) {
    case "multistatus":
      if (name === davNames.response) return "response";
      return name === davNames.syncToken ? "syncToken" : "ignored";
    case "response":
      if (name === davNames.href) return "href";
      if (name === davNames.status) return "responseStatus";
      if (name === davNames.propstat) return "propstat";
      return name === davNames.error ? "error" : "ignored";
    case "propstat":
      if (name === davNames.prop) return "prop";
      return name === davNames.status ? "propstatStatus" : "ignored";
    case "prop":
      return wanted === undefined || wanted.has(name) ? "property" : "ignored";
    case "property":
      return "property";
    case "error":
      return "precondition";
    default:
      return "ignored";
  }
}

const collectsText: ReadonlySet<Role> = new Set<Role>([
  "href",
  "responseStatus",
  "propstatStatus",
  "property",
  "syncToken",
]);

/** The status code in an HTTP status line (`HTTP/1.1 404 Not Found`). */
function statusCode(line: string, url: string): number {
  const match = /\b([1-5]\d\d)\b/.exec(line);
  if (!match) {
    throw new InvalidDataError(`${url}: not an HTTP status line: ${JSON.stringify(line.slice(0, 100))}`, {
      what: url,
    });
  }
  return Number(match[1]);
}

export class MultistatusCollector {
  private readonly frames: Frame[] = [];
  private response: ResponseDraft | undefined;
  private propstat: PropstatDraft | undefined;
  private completed: DavResponse[] = [];
  private token: string | undefined;

  constructor(private readonly limits: CollectorLimits) {}

  /** The multistatus-level sync token, once its element has been closed. */
  get syncToken(): string | undefined {
    return this.token;
  }

  /** The responses completed since the last call. */
  take(): DavResponse[] {
    const completed = this.completed;
    this.completed = [];
    return completed;
  }

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    const parent = this.frames.at(-1);
    if (parent === undefined && name !== davNames.multistatus) {
      const shown = name.startsWith("{}") ? name.slice(2) : name;
      throw new InvalidDataError(`${this.limits.url}: expected a DAV multistatus, found <${shown}>`, {
        what: this.limits.url,
      });
    }
    const role = parent === undefined ? "multistatus" : childRole(parent.role, name, this.limits.wanted);
    if (role === "response") this.response = { hrefs: [], propstats: [], elements: 0, textLength: 0 };
    if (role === "propstat") this.propstat = { props: new Map() };
    if (role !== "ignored" && this.response) this.countElement(this.response);
    this.frames.push({ role, name, attributes, text: "", children: [] });
  }

  text(text: string): void {
    const frame = this.frames.at(-1);
    if (frame === undefined || !collectsText.has(frame.role)) return;
    frame.text += text;
    const length = this.response ? (this.response.textLength += text.length) : frame.text.length;
    if (length > this.limits.maxTextLength) {
      const holder = this.response ? "a response" : "the sync token";
      throw new InvalidDataError(
        `${this.limits.url}: ${holder} holds more than ${this.limits.maxTextLength} characters of text`,
        { what: this.limits.url },
      );
    }
  }

  close(): void {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    const parent = this.frames.at(-1);
    // Hrefs, ETags and tokens outlive the answer; as slices they would keep its chunks alive.
    const text = ownCopy(frame.text.trim());
    switch (frame.role) {
      case "href":
        this.response?.hrefs.push(text);
        return;
      case "responseStatus":
        if (this.response) this.response.status = statusCode(text, this.limits.url);
        return;
      case "propstatStatus":
        if (this.propstat) this.propstat.status = statusCode(text, this.limits.url);
        return;
      case "property": {
        const element: DavElement = {
          name: frame.name,
          text,
          children: frame.children,
          attributes: frame.attributes,
        };
        if (parent?.role === "property") parent.children.push(element);
        else this.propstat?.props.set(frame.name, element);
        return;
      }
      case "propstat":
        // RFC 4918 requires the status; servers that leave it out mean success.
        if (this.propstat) {
          this.response?.propstats.push({ status: this.propstat.status ?? 200, props: this.propstat.props });
        }
        this.propstat = undefined;
        return;
      case "precondition":
        if (this.response) (this.response.error ??= []).push(frame.name);
        return;
      case "response":
        this.completeResponse();
        return;
      case "syncToken":
        this.token = text;
        return;
      default:
        return;
    }
  }

  private countElement(response: ResponseDraft): void {
    response.elements += 1;
    if (response.elements > this.limits.maxElementsPerResponse) {
      throw new InvalidDataError(
        `${this.limits.url}: a response holds more than ${this.limits.maxElementsPerResponse} elements`,
        { what: this.limits.url },
      );
    }
  }

  /** A response may name several hrefs sharing one status (RFC 4918 §14.24); each gets its own. */
  private completeResponse(): void {
    const draft = this.response;
    this.response = undefined;
    if (draft === undefined) return;
    const hrefs = draft.hrefs.filter((href) => href !== "");
    if (hrefs.length === 0) {
      throw new InvalidDataError(`${this.limits.url}: a response without an href`, { what: this.limits.url });
    }
    for (const href of hrefs) {
      this.completed.push({
        href,
        ...(draft.status === undefined ? {} : { status: draft.status }),
        propstats: draft.propstats,
        ...(draft.error === undefined ? {} : { error: draft.error }),
      });
    }
  }
}
