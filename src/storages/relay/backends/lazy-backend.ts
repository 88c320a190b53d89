/**
 * A backend whose code is loaded when it is first used: a relay over the network brings an HTTP
 * client, which a config that only names the relay (`concord status`, a folder relay) should not
 * pay for at start.
 * @module
 */
import type { RelayBackend } from "./backend.js";

export function lazyBackend(where: string, load: () => Promise<RelayBackend>): RelayBackend {
  let loading: Promise<RelayBackend> | undefined;
  const backend = (): Promise<RelayBackend> => (loading ??= load());
  return {
    where,
    read: async (key) => (await backend()).read(key),
    async *open(key) {
      yield* (await backend()).open(key);
    },
    write: async (key, content) => (await backend()).write(key, content),
    list: async (prefix) => (await backend()).list(prefix),
    remove: async (key) => (await backend()).remove(key),
    removeAll: async (prefix) => (await backend()).removeAll(prefix),
    // Nothing to close unless it was loaded; one that failed to load reported its error then.
    close: async () => (await loading?.catch(() => undefined))?.close?.(),
  };
}
