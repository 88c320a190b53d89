/**
 * Radicale 3 with htpasswd authentication, so requests without the right Basic credentials really fail.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Recipe } from "./recipe.js";

export const radicale: Recipe = {
  packages: { radicale: "/usr/bin/radicale" },
  principalPath: ({ username }) => `/${username}/`,
  prepare(folder, { username, password }) {
    // This Radicale also takes md5 and bcrypt, but it checks the password on every request, uncached, and
    // bcrypt takes about 0.25 s each time; `plain` still exercises Basic auth and needs no hashing tool.
    writeFileSync(join(folder, "users"), `${username}:${password}\n`);
    writeFileSync(
      join(folder, "config"),
      [
        "[auth]",
        "type = htpasswd",
        `htpasswd_filename = ${join(folder, "users")}`,
        "htpasswd_encryption = plain",
        "[rights]",
        "type = owner_only",
        "[storage]",
        `filesystem_folder = ${join(folder, "collections")}`,
        "[logging]",
        "level = warning",
        "",
      ].join("\n"),
    );
  },
  // The port goes on the command line rather than in the config, because it changes when a start is retried.
  // An explicit --config also keeps /etc/radicale/config and ~/.config/radicale/config out of the picture.
  services: ({ folder, ports }) => [
    {
      name: "radicale",
      commandLine: ["radicale", "--config", join(folder, "config"), "--hosts", `127.0.0.1:${ports.http}`],
    },
  ],
};
