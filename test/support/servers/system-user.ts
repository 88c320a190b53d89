/**
 * The accounts Debian's packages create for their daemons (cyrus, postgres, www-data, sogo): the tests
 * run as root, and these servers either refuse root or must own the files they write.
 */
import { chownSync, readFileSync } from "node:fs";

export interface SystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export function systemUser(name: string): SystemUser {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name) return { name, uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(`no user ${name} in /etc/passwd: is its Debian package installed?`);
}

/** Hands folders (not recursively: they are new and empty) to `user`. */
export function giveTo(user: SystemUser, ...paths: string[]): void {
  for (const path of paths) chownSync(path, user.uid, user.gid);
}
