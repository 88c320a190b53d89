/**
 * Xandikos has no authentication of its own (it expects a reverse proxy for that): it accepts any
 * credentials and serves one principal, which `--current-user-principal` names after the account.
 */
import { join } from "node:path";
import type { Recipe } from "./recipe.js";

export const xandikos: Recipe = {
  packages: { xandikos: "/usr/bin/xandikos" },
  principalPath: ({ username }) => `/${username}/`,
  services: ({ folder, ports, account }) => [
    {
      name: "xandikos",
      commandLine: [
        "xandikos",
        ...["--directory", join(folder, "collections")],
        ...["--listen-address", "127.0.0.1", "--port", String(ports.http)],
        ...["--current-user-principal", `/${account.username}/`],
        // Creates <principal>/calendars/calendar/ and <principal>/contacts/addressbook/, as a fresh install has.
        "--defaults",
      ],
    },
  ],
};
