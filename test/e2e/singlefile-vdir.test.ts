/** A single .ics file (as calendar apps export it) kept in agreement with a vdir, through the CLI. */
import { readFileSync, unlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Workspace } from "../support/workspace.js";

const demoCalendar = readFileSync(
  fileURLToPath(new URL("../../examples/demo/calendar.ics", import.meta.url)),
  "utf8",
);

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace();
  ws.write("export/calendar.ics", demoCalendar);
  ws.config(`[storage.file]
type = "singlefile"
path = "${ws.path("export/calendar.ics")}"

[storage.folder]
type = "vdir"
path = "${ws.path("vdir")}"
fileext = ".ics"

[pair.p]
a = "file"
b = "folder"
collections = "from a"
`);
});
afterEach(() => ws.dispose());

const vdirTexts = () => ws.list("vdir/calendar").map((name) => ws.read(`vdir/calendar/${name}`));

describe("singlefile <-> vdir through the CLI", () => {
  it("splits the file into one vdir item per UID, overrides and time zones included", async () => {
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("p/calendar: collection created in b, created 3 in b\n");
    const texts = vdirTexts();
    expect(texts).toHaveLength(3);
    const standup = texts.find((text) => text.includes("UID:standup@demo.concord")) as string;
    expect(standup.match(/BEGIN:VEVENT/g)).toHaveLength(2); // the series and its moved occurrence
    expect(standup).toContain("TZID:Europe/Berlin");
    const dentist = texts.find((text) => text.includes("UID:dentist@demo.concord")) as string;
    expect(dentist).not.toContain("BEGIN:VTIMEZONE"); // it uses UTC times only
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("writes vdir edits, additions and deletions back into the one file", async () => {
    await ws.run("sync");
    const names = ws.list("vdir/calendar");
    const dentist = names.find((name) => ws.read(`vdir/calendar/${name}`).includes("UID:dentist")) as string;
    const tax = names.find((name) => ws.read(`vdir/calendar/${name}`).includes("UID:tax")) as string;
    ws.write(
      `vdir/calendar/${dentist}`,
      ws.read(`vdir/calendar/${dentist}`).replace("SUMMARY:Dentist", "SUMMARY:Dentist at 3"),
    );
    ws.write(
      "vdir/calendar/new.ics",
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:new@x\r\nDTSTART:20261224T180000Z\r\nSUMMARY:Dinner\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    unlinkSync(ws.path(`vdir/calendar/${tax}`));
    const result = await ws.run("sync");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("p/calendar: created 1 in a, updated 1 in a, deleted 1 in a\n");
    const file = ws.read("export/calendar.ics");
    expect(file).toContain("SUMMARY:Dentist at 3");
    expect(file).toContain("SUMMARY:Dinner");
    expect(file).not.toContain("UID:tax@demo.concord");
    expect(file.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(file.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(await ws.run("sync")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("an edit of the file by another program is carried into the vdir", async () => {
    await ws.run("sync");
    ws.write(
      "export/calendar.ics",
      ws.read("export/calendar.ics").replace("SUMMARY:File the tax return", "SUMMARY:Taxes done"),
    );
    const result = await ws.run("sync");
    expect(result.stdout).toBe("p/calendar: updated 1 in b\n");
    expect(vdirTexts().some((text) => text.includes("SUMMARY:Taxes done"))).toBe(true);
  });
});
