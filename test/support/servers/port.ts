/**
 * Picks a loopback port that is free right now. Another process may take it before the server binds it,
 * so callers must be ready to try again with a new one.
 */
import { createServer, type AddressInfo } from "node:net";

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** How both Python servers report a port someone else holds. */
export const addressInUse = /address already in use/i;
