// The Redis pub/sub transport, for node-redis (`redis`) and `ioredis`
// clients. Pub/sub needs two connections (a subscribed connection cannot
// publish): one publishes, a duplicate subscribes. The transport is up while
// both are ready and the subscription is confirmed; it subscribes again
// itself after every reconnect of the subscriber instead of trusting the
// client library to (ioredis' autoResubscribe may be off in an application's
// client; node-redis skips a channel it believes subscribed, so a repeat is free).

import { checkRedisConnection, ignore, importRedisLibrary, libraryOf, toBuffer, type RedisConnectionOptions } from "./redis-clients.js";
import { reconnectDelay, type Payload, type Transport, type TransportSink } from "./transport.js";

/** Options of {@link redisTransport}: a URL (the transport makes and owns its clients) or the application's client. */
export type RedisTransportOptions = RedisConnectionOptions;

/** The event emitter part of both client libraries. */
interface Emitter {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off?(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

/** What the transport needs of a pair of connections, whatever the library. */
interface RedisPair {
  readonly publisher: Emitter;
  readonly subscriber: Emitter;
  /** Client events after which readiness must be looked at again. */
  readonly stateEvents: readonly string[];
  isReady(client: Emitter): boolean;
  /** Starts connecting the clients this transport owns (reconnecting by itself). */
  connect(): void;
  /** Subscribes the subscriber to `channel` (again); `deliver`, the same function each time, gets each message's bytes. */
  subscribe(channel: string, deliver: (payload: Uint8Array) => void): Promise<unknown>;
  publish(channel: string, payload: Payload): Promise<unknown>;
  /** Closes the clients this transport owns; takes its listeners off the others. */
  close(): Promise<void>;
}

/** Redis pub/sub on the bridge's channel (exactly that Redis channel). */
export function redisTransport(options: RedisTransportOptions): Transport {
  checkRedisConnection("redisTransport", options);
  return new RedisTransport(options);
}

class RedisTransport implements Transport {
  readonly name = "redis";
  readonly #options: RedisTransportOptions;
  #pair: RedisPair | null = null;
  #channel = "";
  #closed = false;
  #subscribed = false;
  #listeners: [Emitter, string, (...args: any[]) => void][] = [];

  constructor(options: RedisTransportOptions) {
    this.#options = options;
  }

  async open(channel: string, sink: TransportSink): Promise<void> {
    const pair = await makePair(this.#options);
    if (this.#closed) {
      await pair.close();
      return;
    }
    this.#pair = pair;
    this.#channel = channel;
    const review = () => {
      if (!pair.isReady(pair.subscriber)) this.#subscribed = false;
      if (this.#subscribed && pair.isReady(pair.publisher)) sink.up();
      else sink.down();
    };
    // One function for every subscribe: node-redis keeps a set of listeners per channel.
    const deliver = (payload: Uint8Array) => sink.message(payload);
    const resubscribe = () => {
      if (!pair.isReady(pair.subscriber)) return;
      // (Confirmed after close(), it changes nothing: the bridge ignores a closed transport.)
      pair.subscribe(channel, deliver).then(() => {
        this.#subscribed = true;
        review();
      }, (error: unknown) => sink.error(error)); // the next ready tries again
    };
    const onError = (error: unknown) => {
      sink.error(error);
      review();
    };
    this.#listen(pair.subscriber, "ready", resubscribe);
    this.#listen(pair.publisher, "ready", review);
    for (const client of [pair.publisher, pair.subscriber]) {
      for (const event of pair.stateEvents) this.#listen(client, event, review);
      this.#listen(client, "error", onError);
    }
    pair.connect();
    // A client of the application may be connected already: no ready event comes for it.
    resubscribe();
  }

  #listen(client: Emitter, event: string, listener: (...args: any[]) => void): void {
    client.on(event, listener);
    this.#listeners.push([client, event, listener]);
  }

  publish(payload: Payload): Promise<unknown> {
    return this.#pair!.publish(this.#channel, payload);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const [client, event, listener] of this.#listeners) client.removeListener(event, listener);
    this.#listeners = [];
    await this.#pair?.close();
  }
}

async function makePair(options: RedisTransportOptions): Promise<RedisPair> {
  if ("client" in options) {
    return libraryOf(options.client) === "redis" ? nodeRedisPair(options.client, false) : ioredisPair(options.client, false);
  }
  const { library, source } = await importRedisLibrary(options.library);
  return library === "redis" ? nodeRedisPair(source, true, options.url) : ioredisPair(source, true, options.url);
}

/**
 * node-redis: `createClient` from the package (own clients, from a URL) or
 * the application's client. Without an offline queue, a publish while
 * disconnected fails at once instead of piling up inside the client: the
 * bridge's own queue is the bounded one.
 */
function nodeRedisPair(source: any, own: boolean, url?: string): RedisPair {
  const publisher = own
    ? source.createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: reconnectDelay } })
    : source;
  const subscriber = publisher.duplicate({ disableOfflineQueue: true });
  // Clients we own always have an error listener: an 'error' event without one would crash the process.
  subscriber.on("error", ignore);
  if (own) publisher.on("error", ignore);
  // Only clients made here are connected here (the application connects its own);
  // they retry by themselves until close() ends them.
  const connect = (client: any) => client.connect().catch(ignore);
  return {
    publisher, subscriber,
    stateEvents: ["reconnecting", "end"],
    isReady: (client) => (client as any).isReady === true,
    connect() {
      if (own) connect(publisher);
      connect(subscriber);
    },
    subscribe: (channel, deliver) => subscriber.subscribe(channel, deliver, true),
    publish: (channel, payload) => publisher.publish(channel, toBuffer(payload)),
    async close() {
      for (const client of own ? [subscriber, publisher] : [subscriber]) {
        try {
          client.destroy();
        } catch {
          // already closed
        }
      }
    },
  };
}

/**
 * ioredis: the `Redis` class (own clients, from a URL) or the application's
 * client. Our subscriber never resubscribes by itself (autoResubscribe off):
 * the transport does it on every ready.
 */
function ioredisPair(source: any, own: boolean, url?: string): RedisPair {
  const settings = { lazyConnect: true, enableOfflineQueue: false, autoResubscribe: false };
  const Redis = own ? source.Redis : null;
  const publisher = own
    ? new Redis(url, { ...settings, maxRetriesPerRequest: 0, retryStrategy: (times: number) => reconnectDelay(times - 1) })
    : source;
  const subscriber = publisher.duplicate(settings);
  subscriber.on("error", ignore);
  if (own) publisher.on("error", ignore);
  let delivering = false;
  return {
    publisher, subscriber,
    stateEvents: ["close", "reconnecting", "end"],
    isReady: (client) => (client as any).status === "ready",
    connect() {
      // Made here with lazyConnect (the application's own client is connected by the application).
      for (const client of own ? [publisher, subscriber] : [subscriber]) client.connect().catch(ignore);
    },
    subscribe(channel, deliver) {
      if (!delivering) {
        delivering = true;
        // This connection is ours and subscribed to this one channel only.
        subscriber.on("messageBuffer", (_channel: Buffer, message: Buffer) => deliver(message));
      }
      return subscriber.subscribe(channel);
    },
    publish: (channel, payload) => publisher.publish(channel, toBuffer(payload)),
    async close() {
      for (const client of own ? [subscriber, publisher] : [subscriber]) client.disconnect();
    },
  };
}
