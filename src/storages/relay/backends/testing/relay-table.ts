/**
 * Relay tables for the tests of `backendFor`: the table of storage "relay" at place "home", and
 * the check that one is refused.
 * @module
 */
import { expect } from "vitest";
import { relayConfigSchema, type RelayConfig } from "../../config.js";
import { backendFor } from "../backend-for.js";

export const relayTable = (table: Record<string, unknown>): RelayConfig =>
  relayConfigSchema.parse({ type: "relay", place: "home", ...table });

/** Expects `backendFor` to refuse `table` with a ConfigError naming `storage.relay.KEY`. */
export const expectRefused = (table: Record<string, unknown>, key: string, message: RegExp): void =>
  expect(() => backendFor("relay", relayTable(table))).toThrow(
    expect.objectContaining({
      code: "ConfigError",
      data: { key: `storage.relay.${key}` },
      message: expect.stringMatching(message),
    }),
  );
