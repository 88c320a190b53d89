/**
 * Keeping credentials out of everything concord sends to the wrong place or prints: URLs lose their
 * userinfo, and text that came from a server (which may echo what it was sent) has the known
 * secrets blotted out.
 * @module
 */

/**
 * A copy of the URL without `user:password@` and without fragment: what is sent, and shown.
 * Credentials travel in headers, where they can be kept from the wrong origin, never in a URL.
 */
export function bareUrl(url: URL): URL {
  const copy = new URL(url);
  copy.username = "";
  copy.password = "";
  copy.hash = "";
  return copy;
}

/** `text` with every occurrence of each secret, as it is or percent-encoded in a URL, replaced by `***`. */
export function hideSecrets(text: string, secrets: Iterable<string>): string {
  let hidden = text;
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret)]) {
      if (form !== "") hidden = hidden.split(form).join("***");
    }
  }
  return hidden;
}
