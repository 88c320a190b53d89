/**
 * Reading `WWW-Authenticate` (RFC 9110 §11.6.1): one or more challenges, in one header or several,
 * each a scheme followed by either `name=value` parameters or a single token68.
 * @module
 */

export interface Challenge {
  /** The scheme, lower case: `basic`, `digest`, `bearer`. */
  readonly scheme: string;
  /** The parameters, names in lower case, quoted values unescaped. */
  readonly params: ReadonlyMap<string, string>;
  /** The token68 form (`Negotiate abc==`), when the challenge has one instead of parameters. */
  readonly token68?: string;
}

type Lexeme = { kind: "token" | "quoted"; text: string } | { kind: "=" | "," };

/** Every challenge the header values hold, in order; whatever cannot be read is skipped. */
export function parseChallenges(header: string | readonly string[] | undefined): Challenge[] {
  const values = header === undefined ? [] : typeof header === "string" ? [header] : header;
  return values.flatMap((value) => readChallenges(lex(value)));
}

function lex(value: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"?|([^\s,="]+)|(=)|(,))/gy;
  for (let match = pattern.exec(value); match !== null && match[0] !== ""; match = pattern.exec(value)) {
    const [, quoted, token, equals] = match;
    if (quoted !== undefined) lexemes.push({ kind: "quoted", text: quoted.replace(/\\(.)/g, "$1") });
    else if (token !== undefined) lexemes.push({ kind: "token", text: token });
    else lexemes.push({ kind: equals !== undefined ? "=" : "," });
  }
  return lexemes;
}

function readChallenges(lexemes: readonly Lexeme[]): Challenge[] {
  const challenges: Challenge[] = [];
  const kindAt = (index: number) => lexemes[index]?.kind;
  const textAt = (index: number) => {
    const lexeme = lexemes[index];
    return lexeme !== undefined && "text" in lexeme ? lexeme.text : "";
  };
  let index = 0;
  while (index < lexemes.length) {
    if (kindAt(index) !== "token") {
      index++;
      continue;
    }
    const scheme = textAt(index++).toLowerCase();
    const params = new Map<string, string>();
    if (kindAt(index) === "token" && isToken68(lexemes, index)) {
      // `abc==` lexes as a token and equals signs: padding, not a parameter.
      let token68 = textAt(index++);
      for (; kindAt(index) === "="; index++) token68 += "=";
      challenges.push({ scheme, params, token68 });
      continue;
    }
    // Parameters run until a token that is not followed by "=", which starts the next challenge.
    for (;;) {
      while (kindAt(index) === ",") index++;
      if (kindAt(index) !== "token" || kindAt(index + 1) !== "=") break;
      const name = textAt(index).toLowerCase();
      const hasValue = kindAt(index + 2) === "token" || kindAt(index + 2) === "quoted";
      params.set(name, hasValue ? textAt(index + 2) : "");
      index += hasValue ? 3 : 2;
    }
    challenges.push({ scheme, params });
  }
  return challenges;
}

/** Whether the token at `index` is a token68: followed by nothing but "=" padding up to a comma. */
function isToken68(lexemes: readonly Lexeme[], index: number): boolean {
  let end = index + 1;
  while (lexemes[end]?.kind === "=") end++;
  return lexemes[end] === undefined || lexemes[end]?.kind === ",";
}
