// The one interface every transport implements (§12). A transport moves
// opaque payloads between the processes on one channel and says when it is up;
// everything else (envelopes, sequence numbers, the queue, echo suppression,
// the events on the bus) is the bridge's. A new broker is one file.

/** What crosses the wire: the codec's output, carried untouched by the transport. */
export type Payload = string | Uint8Array;

/**
 * Recent history a durable transport delivers before live messages:
 * the last `last` messages of the stream, or those of the last `since`
 * milliseconds (by the broker's clock).
 */
export type Replay = { readonly last: number } | { readonly since: number };

/** What the bridge asks of a transport when it opens it. */
export interface OpenOptions {
  /** History to deliver first (only given to a transport with `durable: true`). */
  readonly replay?: Replay;
}

/** How a transport reports to the bridge that opened it. */
export interface TransportSink {
  /**
   * A message from another process (or from anyone on the channel):
   * untrusted, any type. `replayed` is true for history a durable transport
   * delivers at open because `replay` asked for it.
   */
  message(payload: unknown, replayed?: boolean): void;
  /** Publishing and receiving work now: the first time, and again after each outage. */
  up(): void;
  /** Publishing or receiving stopped working (connection lost, subscription gone). */
  down(reason?: unknown): void;
  /** A client error that is not a state change by itself (diagnostics only). */
  error(error: unknown): void;
}

/**
 * A way to move payloads between processes. Used by one bridge at a time:
 * `open` once, then `publish` while up, then `close` once.
 */
export interface Transport {
  /** A short name for messages: "redis", "nats", "cluster", "broadcast-channel", "redis-streams", "jetstream". */
  readonly name: string;
  /**
   * True for a transport that keeps messages in the broker (a stream) and
   * resumes from the last one it delivered after a reconnect; only such a
   * transport accepts the bridge's `replay` option.
   */
  readonly durable?: boolean;
  /**
   * Starts connecting and subscribing to `channel`, and reports through
   * `sink` from then on (`up` each time it is live). Resolves once started;
   * rejects only for what no retry can fix (a missing client package, a
   * transport already used by another bridge).
   */
  open(channel: string, sink: TransportSink, options?: OpenOptions): Promise<void>;
  /**
   * Hands one payload to the broker. Called only between `up` and `down`.
   * A promise settles when the broker took it (or could not); a plain return
   * means it was taken at once. Throwing or rejecting loses that payload.
   */
  publish(payload: Payload): void | Promise<unknown>;
  /** Unsubscribes and releases everything the transport created (sockets, timers, listeners). */
  close(): Promise<void>;
}

/** Tags bridge messages on shared in-host channels (cluster IPC, BroadcastChannel). */
export const MESSAGE_TAG = "wasm-events/bridge";

/**
 * Imports an optional peer dependency (a broker client) when a transport
 * first needs it, so that importing wasm-events, or wasm-events/bridge, never
 * loads one. A missing package becomes an error that says what to install.
 */
export async function importPeer(name: string, transport: string): Promise<any> {
  try {
    return await import(name);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "ERR_MODULE_NOT_FOUND") {
      throw new Error(`the ${transport} transport needs the '${name}' package: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}

/** A cancellable pause for a transport's retry loops: close() calls `cancel` so no timer outlives it. */
export function pause(ms: number): { done: Promise<void>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake!: () => void;
  const done = new Promise<void>((resolve) => {
    wake = resolve;
    timer = setTimeout(resolve, ms);
  });
  return { done, cancel: () => { clearTimeout(timer); wake(); } };
}

/** Reconnection delay after `attempt` failures: quick at first, never more than a second. */
export const reconnectDelay = (attempt: number): number => Math.min(100 * (attempt + 1), 1_000);
