// Passive-mode data connections: one listening socket per PASV/EPSV, which
// accepts exactly one connection from the client's own address, and the two
// directions of a transfer with one callback per chunk (the core turns those
// into core.data-read / core.data-write).

import { createServer, type Server, type Socket } from "node:net";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Strips the `::ffff:` prefix a dual-stack socket puts on IPv4 addresses. */
export function plainAddress(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/i, "");
}

/** A passive-mode listener waiting for the client's data connection. */
export class PassiveListener {
  readonly #server: Server;
  readonly #peer: string;
  #socket: Socket | null = null;
  #waiter: ((socket: Socket) => void) | null = null;
  /** Rejects the pending accept() when the listener is closed under it. */
  #onClose: (() => void) | null = null;
  #closed = false;

  private constructor(server: Server, peer: string) {
    this.#server = server;
    this.#peer = peer;
    server.on("connection", (socket) => this.#onConnection(socket));
    server.on("error", () => this.close());
  }

  /** Listens on an ephemeral port of `host` for a connection from `peer`. */
  static open(host: string, peer: string): Promise<PassiveListener> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      // exclusive: in a node:cluster worker, this worker's own port, not one shared through the primary.
      server.listen({ port: 0, host, exclusive: true }, () => {
        server.off("error", reject);
        resolve(new PassiveListener(server, peer));
      });
    });
  }

  /** The port to announce in the 227/229 reply. */
  get port(): number {
    const address = this.#server.address();
    return typeof address === "object" && address !== null ? address.port : 0;
  }

  #onConnection(socket: Socket): void {
    // Every socket gets an error listener at once: an unhandled 'error' on a
    // socket would crash the whole server.
    socket.on("error", () => socket.destroy());
    // Only the control connection's host may connect (no data theft by a
    // third party racing for the port), and only once.
    if (this.#closed || this.#socket !== null || plainAddress(socket.remoteAddress) !== this.#peer) {
      socket.destroy();
      return;
    }
    this.#socket = socket;
    this.#server.close();
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.(socket);
  }

  /** The data connection, once the client opens it; rejects after `timeoutMs` or on close. */
  accept(timeoutMs: number): Promise<Socket> {
    if (this.#socket !== null) return Promise.resolve(this.#socket);
    if (this.#closed) return Promise.reject(new Error("data listener closed"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        reject(new Error("no data connection"));
      }, timeoutMs);
      this.#waiter = (socket) => {
        clearTimeout(timer);
        resolve(socket);
      };
      this.#onClose = () => {
        clearTimeout(timer);
        reject(new Error("data listener closed"));
      };
    });
  }

  /** Stops listening and drops the data connection; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#server.close();
    this.#socket?.destroy();
    this.#waiter = null;
    const onClose = this.#onClose;
    this.#onClose = null;
    onClose?.();
  }
}

/** Moves `source` to `destination`, calling `onChunk` with each chunk's size; resolves with the byte count. */
export async function transfer(
  source: Readable, destination: Writable, onChunk: (bytes: number) => void, signal: AbortSignal,
): Promise<number> {
  let total = 0;
  await pipeline(
    source,
    async function* count(chunks: AsyncIterable<Buffer | string>) {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
        total += bytes;
        onChunk(bytes);
        yield chunk;
      }
    },
    destination,
    { signal },
  );
  return total;
}
