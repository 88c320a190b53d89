/**
 * What is particular to a relay in an S3 bucket (s3rver, behind a front that checks every
 * signature), through the CLI; relay-places, relay-crash and relay-encryption run their places on
 * S3 too. Joining sends no content, every request is explained with -v, a wrong secret is refused
 * with the keys to check, and the secret access key, given from the environment at two places and
 * inline at the third, never shows in what concord prints, with -v, nor in what it keeps.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { RelayPlaces } from "../support/relay-places.js";
import { type S3Relay, startS3Relay } from "../support/relay/s3.js";

const all = ["home", "anna", "grandpa"];
let s3: S3Relay;
let ws: RelayPlaces;
/** Each test's relay has a prefix of its own in the one bucket. */
let prefix: string;
let tests = 0;

beforeAll(async () => {
  s3 = await startS3Relay();
});
afterAll(async () => {
  await s3?.stop();
});

beforeEach(() => {
  prefix = `e2e-${++tests}/`;
  const credentials = `endpoint = "${s3.endpoint}"\naccess_key_id = "${s3.accessKeyId}"\n`;
  ws = new RelayPlaces(all, {
    url: `s3://relay/${prefix}`,
    relay: `${credentials}secret_access_key = { env = "CONCORD_TEST_S3_SECRET" }`,
  });
  ws.env.CONCORD_TEST_S3_SECRET = s3.secretAccessKey;
  ws.configure("grandpa", `${credentials}secret_access_key = "${s3.secretAccessKey}"`);
});
afterEach(() => ws.dispose());

/** The relay's objects, by relay key. */
function relayObjects(): string[] {
  return Object.keys(s3.objects())
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length))
    .sort();
}

const pending = () => relayObjects().filter((key) => key.startsWith("sets/") || key.startsWith("blobs/"));

function expectNoSecret(): void {
  const secret = s3.secretAccessKey;
  expect(ws.printed.join("").length).toBeGreaterThan(0);
  for (const form of [secret, encodeURIComponent(secret)]) {
    expect(ws.printed.filter((text) => text.includes(form))).toEqual([]);
    expect(ws.statusFiles().filter((bytes) => bytes.includes(form))).toEqual([]);
  }
  expect(ws.printed.join("")).not.toMatch(/AWS4-HMAC-SHA256|Signature=/);
}

it("places join without one PUT of content, every request explained with -v, and the secret nowhere", async () => {
  ws.write("home/photos/2019/beach.jpg", "beach\n");
  ws.write("home/notes.md", "notes\n");
  ws.cloneTree("home");
  await ws.explained("home", "relay", "init", "relay", "--places", all.join(","));
  for (const place of all) await ws.explained(place, "sync");
  // The manifest went once every place had joined from it.
  expect(relayObjects()).toEqual(["places/anna", "places/grandpa", "places/home", "relay.json"]);
  expect(s3.requests.filter((request) => request.startsWith("PUT") && request.includes("/blobs/"))).toEqual(
    [],
  );
  expect(ws.printed.join("")).toMatch(
    new RegExp(
      `relay: GET ${s3.endpoint}/relay/\\?list-type=2&prefix=${encodeURIComponent(prefix)}sets%2F&max-keys=1000 -> 200`,
    ),
  );

  // The secret is inline at grandpa's, from the environment at the others'.
  ws.write("grandpa/notes.md", "notes, from grandpa\n");
  await ws.explained("grandpa", "sync");
  await ws.explained("home", "sync");
  expect(ws.read("home/notes.md")).toBe("notes, from grandpa\n");
  expect(pending().length).toBeGreaterThan(0);
  expectNoSecret();
});

it("refuses a wrong secret access key, naming the URL and the keys to check, and showing no secret", async () => {
  ws.write("home/notes.md", "notes\n");
  ws.cloneTree("home");
  await ws.explained("home", "relay", "init", "relay", "--places", all.join(","));
  const wrong = `${s3.secretAccessKey}-wrong`;
  ws.env.CONCORD_TEST_S3_SECRET = wrong;
  const result = await ws.at("anna", "-v", "sync");
  ws.printed.push(result.stdout, result.stderr);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(
    new RegExp(
      `${s3.endpoint}/relay/${prefix}relay\\.json: 403 Forbidden: SignatureDoesNotMatch: .*check storage\\.relay\\.access_key_id and storage\\.relay\\.secret_access_key`,
    ),
  );
  expect(ws.printed.join("")).not.toContain(wrong);
  expectNoSecret();
});
