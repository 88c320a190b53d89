/**
 * A small HTTP(S) server on 127.0.0.1 for the HTTP layer's tests: real servers cannot be made to
 * stall, lie about lengths or echo credentials on demand, and this one can.
 * @module
 */
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
  createServer as createHttpServer,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";

export interface ReceivedRequest {
  readonly method: string;
  /** The request target: path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Which connection carried it, counting from 1. */
  readonly connection: number;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => unknown;

export interface TestServer {
  /** `http://127.0.0.1:<port>/` (or https). */
  readonly url: string;
  /** Every request received, in order. */
  readonly received: ReceivedRequest[];
  /** How many connections were opened. */
  connections(): number;
  /** How many connections are open now. */
  openConnections(): number;
  close(): Promise<void>;
}

export interface TestTls {
  readonly key: string;
  readonly cert: string;
  /** Ask for a client certificate signed by `ca`, and refuse a connection without one. */
  readonly clientCa?: string;
}

export async function startServer(handler: Handler, tls?: TestTls): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const ids = new WeakMap<Socket, number>();
  const open = new Set<Socket>();
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const seen: ReceivedRequest = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        connection: ids.get(request.socket) ?? 0,
      };
      received.push(seen);
      void Promise.resolve(handler(seen, response)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  };
  const server = tls
    ? createHttpsServer(
        {
          key: tls.key,
          cert: tls.cert,
          ...(tls.clientCa === undefined
            ? {}
            : { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }),
        },
        listener,
      )
    : createHttpServer(listener);
  let count = 0;
  server.on("connection", (socket: Socket) => {
    ids.set(socket, ++count);
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  // A TLS server hands the request a TLSSocket wrapping the counted one.
  server.on("secureConnection", (socket: Socket) => ids.set(socket, count));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}/`,
    received,
    connections: () => count,
    openConnections: () => open.size,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
