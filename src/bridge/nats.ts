// The NATS core transport (`@nats-io/transport-node`): one connection
// publishes and subscribes on the bridge's channel as a NATS subject. Its own
// connections use noEcho, so the server never sends a process its own
// messages (an application's connection without it is covered by the
// bridge's sender-id check). NATS resends subscriptions itself on reconnect,
// as part of its protocol; the transport follows the connection's status.

import { describe, EventsError } from "../bus/errors.js";
import { importPeer, reconnectDelay, type Payload, type Transport, type TransportSink } from "./transport.js";

/** The part of a NATS connection the transport uses (structural: the package is an optional peer). */
export interface NatsConnectionLike {
  publish(subject: string, payload?: Payload): void;
  subscribe(subject: string, options: { callback: (error: unknown, message: { data: Uint8Array }) => void }): { unsubscribe(): void };
  status(): AsyncIterable<{ type: string }>;
  /** Resolves once the server has processed everything sent before it (a PING/PONG round trip). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link natsTransport}: servers (the transport makes and owns its connection) or the application's connection. */
export type NatsTransportOptions =
  | {
    /** `nats://host:port`, or several for a cluster. */
    servers: string | readonly string[];
  }
  | {
    /** An open connection of the application; the transport leaves it open at close. */
    connection: NatsConnectionLike;
  };

/** NATS core pub/sub on the bridge's channel (exactly that subject). */
export function natsTransport(options: NatsTransportOptions): Transport {
  if (options === null || typeof options !== "object") {
    throw new EventsError("EINVAL", `natsTransport: expected { servers } or { connection }, received ${describe(options)}`);
  }
  if ("connection" in options) {
    const c = options.connection as unknown as Record<string, unknown> | null;
    if (c === null || typeof c !== "object" || typeof c.publish !== "function" || typeof c.subscribe !== "function" || typeof c.status !== "function"
      || typeof c.flush !== "function") {
      throw new EventsError("EINVAL", `natsTransport: 'connection' must be a NATS connection, received ${describe(c)}`);
    }
  } else {
    const servers = typeof options.servers === "string" ? [options.servers] : options.servers;
    if (!Array.isArray(servers) || servers.length === 0 || !servers.every((s) => typeof s === "string" && s !== "")) {
      throw new EventsError("EINVAL", `natsTransport: 'servers' must be a URL or a non-empty array of URLs, received ${describe(options.servers)}`);
    }
  }
  return new NatsTransport(options);
}

class NatsTransport implements Transport {
  readonly name = "nats";
  readonly #options: NatsTransportOptions;
  #connection: NatsConnectionLike | null = null;
  #subscription: { unsubscribe(): void } | null = null;
  #status: { stop?: () => void } | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #subject = "";
  #closed = false;

  constructor(options: NatsTransportOptions) {
    this.#options = options;
  }

  async open(channel: string, sink: TransportSink): Promise<void> {
    if ("connection" in this.#options) {
      this.#attach(this.#options.connection, channel, sink);
      return;
    }
    const { connect } = await importPeer("@nats-io/transport-node", "NATS");
    const servers = this.#options.servers;
    // The first connection is retried here (cancellable by close), later
    // ones by the client itself, forever.
    const attempt = (failures: number) => {
      this.#retry = undefined;
      connect({ servers, noEcho: true, maxReconnectAttempts: -1, reconnectTimeWait: 250, reconnectJitter: 100 })
        .then((connection: NatsConnectionLike) => {
          if (this.#closed) return connection.close();
          this.#attach(connection, channel, sink);
        }, (error: unknown) => {
          sink.error(error);
          if (!this.#closed) this.#retry = setTimeout(attempt, reconnectDelay(failures), failures + 1);
        });
    };
    attempt(0);
  }

  #attach(connection: NatsConnectionLike, channel: string, sink: TransportSink): void {
    this.#connection = connection;
    this.#subject = channel;
    this.#subscription = connection.subscribe(channel, {
      callback: (error, message) => {
        if (error) sink.error(error);
        else sink.message(message.data);
      },
    });
    const status = connection.status();
    this.#status = status as { stop?: () => void };
    (async () => {
      for await (const { type } of status) {
        if (type === "disconnect") sink.down();
        else if (type === "reconnect") sink.up();
      }
    })().catch((error: unknown) => sink.error(error));
    // Up once the server holds the subscription: subscribe() only queues it,
    // and a message another process publishes before the server has it is
    // not delivered here. A flush is a round trip behind it, so whatever is
    // published after `ready` reaches this process (as the Redis transport
    // waits for its subscribe's confirmation).
    // A flush that fails once close() was called failed because of it: not an error to report.
    connection.flush().then(() => {
      if (!this.#closed) sink.up();
    }, (error: unknown) => {
      if (!this.#closed) sink.error(error);
    });
  }

  publish(payload: Payload): void {
    this.#connection!.publish(this.#subject, payload);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#status?.stop?.();
    if (this.#connection === null) return;
    if ("connection" in this.#options) this.#subscription?.unsubscribe();
    else await this.#connection.close();
  }
}
