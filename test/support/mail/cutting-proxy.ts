/**
 * A TCP proxy in front of a real server that drops a connection in the middle of an answer, which
 * no real server does on demand: the first connection is cut once the server has sent `cutAfter`
 * bytes on it; every later connection passes whole. It counts bytes, not commands: a client that
 * turns on COMPRESS=DEFLATE sends nothing a proxy could read.
 */
import { createServer, type Socket, connect } from "node:net";

export interface CuttingProxy {
  readonly port: number;
  /** Whether it has cut a connection yet. */
  readonly cut: boolean;
  close(): Promise<void>;
}

export async function startCuttingProxy(
  target: { readonly host: string; readonly port: number },
  { cutAfter }: { readonly cutAfter: number },
): Promise<CuttingProxy> {
  let cut = false;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    const first = connections++ === 0;
    let sent = 0;
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => {
      sent += chunk.byteLength;
      if (first && sent >= cutAfter) {
        cut = true;
        client.end(chunk.subarray(0, chunk.byteLength - (sent - cutAfter)), () => client.destroy());
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  return {
    port: address.port,
    get cut() {
      return cut;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
