/**
 * Who concord is to a server: Basic, Digest or a bearer token, chosen by configuration or by the
 * server's challenge, with secrets resolved once and only when a request needs them.
 * @module
 */
import type { SecretSource } from "../config/index.js";
import { resolveSecret } from "../config/index.js";
import { ConfigError } from "../errors/index.js";
import { parseChallenges } from "./challenge.js";
import { DigestSessions, pickDigestChallenge } from "./digest.js";

/** How to log in with a username and password. */
export type AuthScheme = "basic" | "digest" | "guess";

export interface CredentialOptions {
  /** The user name for Basic or Digest authentication. */
  username?: string;
  /** The password: inline, or from a command, a file or an environment variable. */
  password?: SecretSource;
  /**
   * `basic` sends Basic credentials with every request; `digest` answers Digest challenges only;
   * `guess` (default) sends nothing until the server challenges, answers with Digest or Basic as
   * offered (Digest first: it never shows the password), and from then on sends that up front.
   */
  auth?: AuthScheme;
  /**
   * A command printing a token (an OAuth access token) on its first line, sent as
   * `Authorization: Bearer`. Replaces username and password. Run again when the server refuses
   * the token, since such tokens expire.
   */
  bearerCommand?: readonly string[];
  /** The storage's key in the config (`storage.cal`), so that a secret that fails names its key. */
  configKey?: string;
}

/** The credentials a request carried, to judge the server's answer by. */
export interface SentCredentials {
  readonly scheme: "basic" | "digest" | "bearer";
  /** For a bearer token: which run of the command produced it. */
  readonly generation?: number;
}

export interface Authorization {
  readonly header: string;
  readonly sent: SentCredentials;
}

/** After a 401: try again, or give up with a hint for the user. */
export type ChallengeAnswer = { readonly retry: true } | { readonly retry: false; readonly hint: string };

/** A bearer token, and which run of the command produced it. */
interface Token {
  readonly value: Promise<string>;
  readonly generation: number;
}

export class Authenticator {
  private readonly scheme: AuthScheme;
  private readonly username?: string;
  private readonly passwordSource?: SecretSource;
  private readonly configKey: string;
  private readonly bearerCommand?: readonly string[];
  private password?: Promise<string>;
  private token?: Token;
  /** The scheme sent with every request, once configured or learned from a challenge. */
  private upFront?: "basic" | "digest";
  private readonly digestSessions = new DigestSessions();
  private readonly secrets = new Set<string>();

  /**
   * @param site where credentials may go: its origin, and the https form of an http site (the
   *   common upgrade redirect); never elsewhere, whatever redirects or hrefs point at.
   */
  constructor(
    options: CredentialOptions,
    private readonly site: URL,
  ) {
    this.scheme = options.auth ?? "guess";
    this.configKey = options.configKey ?? "storage";
    this.bearerCommand = options.bearerCommand;
    this.username = options.username;
    this.passwordSource = options.password;
    if (
      this.passwordSource !== undefined &&
      this.username === undefined &&
      this.bearerCommand === undefined
    ) {
      throw new ConfigError(`${this.configKey}.username: a password is set but no username`, {
        key: `${this.configKey}.username`,
      });
    }
    if (this.bearerCommand?.length === 0) {
      throw new ConfigError(`${this.configKey}.bearer_command: the command is empty`, {
        key: `${this.configKey}.bearer_command`,
      });
    }
    if (this.scheme === "basic" && this.username !== undefined) this.upFront = "basic";
  }

  /** Whether credentials may go to `url`. */
  covers(url: URL): boolean {
    if (url.origin === this.site.origin) return true;
    return this.site.protocol === "http:" && url.protocol === "https:" && url.hostname === this.site.hostname;
  }

  /** The `Authorization` header for a request to `url`, if one is to be sent before any challenge. */
  async authorize(method: string, url: URL): Promise<Authorization | undefined> {
    if (!this.covers(url)) return undefined;
    if (this.bearerCommand !== undefined) {
      this.token ??= this.runTokenCommand(this.bearerCommand, 0);
      const token = this.token;
      return {
        header: `Bearer ${await token.value}`,
        sent: { scheme: "bearer", generation: token.generation },
      };
    }
    if (this.username === undefined) return undefined;
    if (this.upFront === "basic") {
      const basic = Buffer.from(`${this.username}:${await this.resolvePassword()}`, "utf8").toString(
        "base64",
      );
      this.secrets.add(basic);
      return { header: `Basic ${basic}`, sent: { scheme: "basic" } };
    }
    const session = this.digestSessions.current;
    if (this.upFront === "digest" && session !== undefined) {
      const password = await this.resolvePassword();
      const header = session.authorization(method, url.pathname + url.search, this.username, password);
      return { header, sent: { scheme: "digest" } };
    }
    return undefined;
  }

  /**
   * Decides what to do about a 401 carrying the `WWW-Authenticate` header `challengeHeader`.
   * @param round how many 401s this request has already answered
   */
  answer(
    challengeHeader: string | readonly string[] | undefined,
    sent: SentCredentials | undefined,
    url: URL,
    round: number,
  ): ChallengeAnswer {
    if (!this.covers(url)) {
      return { retry: false, hint: `concord sends credentials only to ${this.site.origin}` };
    }
    if (this.bearerCommand !== undefined) return this.answerForToken(this.bearerCommand, sent, round);
    if (this.username === undefined) {
      return { retry: false, hint: "the server asks for credentials, and none are configured" };
    }
    const challenges = parseChallenges(challengeHeader);
    if (this.scheme !== "basic") {
      const digest = pickDigestChallenge(challenges);
      if (digest !== undefined && (sent?.scheme !== "digest" || digest.stale)) {
        this.digestSessions.add(digest);
        this.upFront = "digest";
        return { retry: true };
      }
    }
    const offersBasic = challenges.some((challenge) => challenge.scheme === "basic");
    if (this.scheme !== "digest" && offersBasic && sent?.scheme !== "basic") {
      this.upFront = "basic";
      return { retry: true };
    }
    if (sent !== undefined) return { retry: false, hint: "check username/password" };
    const offered = challenges.map((challenge) => challenge.scheme).join(", ") || "none";
    return {
      retry: false,
      hint: `no authentication scheme offered fits auth = "${this.scheme}" (offered: ${offered})`,
    };
  }

  /** Every secret resolved so far, in every form it is sent in, to be hidden from messages. */
  knownSecrets(): Iterable<string> {
    return this.secrets;
  }

  /**
   * A refused token may simply have expired: the command runs once more, unless this request has
   * already been refused once (`round` > 0), or another request has fetched a newer token meanwhile.
   */
  private answerForToken(
    command: readonly string[],
    sent: SentCredentials | undefined,
    round: number,
  ): ChallengeAnswer {
    const current = this.token;
    if (sent?.scheme !== "bearer" || current === undefined || round > 0) {
      return { retry: false, hint: "check the token that bearer_command prints" };
    }
    if (sent.generation === current.generation) {
      this.token = this.runTokenCommand(command, current.generation + 1);
    }
    return { retry: true };
  }

  private runTokenCommand(command: readonly string[], generation: number): Token {
    const value = resolveSecret({ cmd: [...command] }, `${this.configKey}.bearer_command`).then((token) => {
      this.secrets.add(token);
      return token;
    });
    return { value, generation };
  }

  private resolvePassword(): Promise<string> {
    this.password ??= this.resolvePasswordOnce();
    return this.password;
  }

  private async resolvePasswordOnce(): Promise<string> {
    if (this.passwordSource === undefined) {
      throw new ConfigError(`${this.configKey}.password: the server asks for a password, and none is set`, {
        key: `${this.configKey}.password`,
      });
    }
    const password = await resolveSecret(this.passwordSource, `${this.configKey}.password`);
    this.secrets.add(password);
    return password;
  }
}
