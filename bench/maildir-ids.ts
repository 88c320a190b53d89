/**
 * The Message-IDs in a tree of Maildir folders, one per message file (in any `cur` or `new`), so
 * that what a tool pulled can be checked whatever layout it gives subfolders.
 */
import { closeSync, openSync, readSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";

/** Enough for the generated messages' headers. */
const headBytes = 8192;

export function maildirMessageIds(root: string): string[] {
  const ids: string[] = [];
  const head = Buffer.alloc(headBytes);
  const walk = (folder: string): void => {
    const inMessages = ["cur", "new"].includes(basename(folder));
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (inMessages && entry.isFile()) ids.push(messageIdOf(path, head));
    }
  };
  walk(root);
  return ids;
}

function messageIdOf(path: string, head: Buffer): string {
  const fd = openSync(path, "r");
  try {
    const length = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, length).toString("latin1");
    const headers = text.split(/\r?\n\r?\n/, 1)[0] ?? "";
    return /^message-id:\s*(\S+)/im.exec(headers)?.[1] ?? `(none in ${path})`;
  } finally {
    closeSync(fd);
  }
}
