// The Redis Streams transport (§12, durable transports), for node-redis
// and ioredis clients. The channel is one stream key, capped with
// `XADD … MAXLEN ~ maxLen`; every message is an entry with one field, `m`.
// One connection appends; a second one reads with `XREAD BLOCK` from the last
// id it delivered, so after a reconnect, or a broker restart with persistence,
// it resumes exactly there: nothing still in the stream is lost or delivered
// twice. What the cap trimmed meanwhile shows as a gap in the senders'
// sequence numbers (the bridge reports it as bridge.gap).

import {
  checkRedisConnection, ignore, importRedisLibrary, libraryOf, toBuffer,
  type RedisConnectionOptions, type RedisLibrary,
} from "./redis-clients.js";
import { describe, EventsError } from "../bus/errors.js";
import { pause, reconnectDelay, type OpenOptions, type Payload, type Replay, type Transport, type TransportSink } from "./transport.js";

/** Options of {@link redisStreamsTransport}. */
export type RedisStreamsTransportOptions = RedisConnectionOptions & {
  /** About how many entries the stream keeps (`MAXLEN ~`): the retention. Default 10,000. */
  maxLen?: number;
};

/** How long one XREAD waits for entries before it asks again (ms). */
const BLOCK_MS = 1_000;
/** Entries read per XREAD or XRANGE. */
const BATCH = 512;
const DEFAULT_MAX_LEN = 10_000;

/** A capped Redis stream per channel (the stream's key is the channel), read from the last id seen. */
export function redisStreamsTransport(options: RedisStreamsTransportOptions): Transport {
  checkRedisConnection("redisStreamsTransport", options);
  const maxLen = options.maxLen ?? DEFAULT_MAX_LEN;
  if (!Number.isSafeInteger(maxLen) || maxLen < 1) {
    throw new EventsError("EINVAL", `redisStreamsTransport: 'maxLen' must be a positive integer, received ${describe(options.maxLen)}`);
  }
  return new RedisStreamsTransport(options, maxLen);
}

/** A client of either library, as this transport uses it. */
interface StreamClients {
  readonly writer: Emitter;
  readonly reader: Emitter;
  /** Client events after which readiness must be looked at again. */
  readonly stateEvents: readonly string[];
  isReady(client: Emitter): boolean;
  connect(): void;
  /** Sends a command; bulk strings come back as Buffers. */
  call(client: Emitter, args: (string | Buffer)[]): Promise<unknown>;
  close(): void;
}

interface Emitter {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

class RedisStreamsTransport implements Transport {
  readonly name = "redis-streams";
  readonly durable = true;
  readonly #options: RedisStreamsTransportOptions;
  readonly #maxLen: string;
  #clients: StreamClients | null = null;
  #key = "";
  /** The id of the last entry delivered (or the stream's end when it opened); null until positioned. */
  #lastId: string | null = null;
  #reading = false;
  #closed = false;
  #pause: { cancel(): void } | null = null;
  #listeners: [Emitter, string, (...args: any[]) => void][] = [];

  constructor(options: RedisStreamsTransportOptions, maxLen: number) {
    this.#options = options;
    this.#maxLen = String(maxLen);
  }

  async open(channel: string, sink: TransportSink, options: OpenOptions = {}): Promise<void> {
    const clients = await makeClients(this.#options);
    if (this.#closed) {
      clients.close();
      return;
    }
    this.#clients = clients;
    this.#key = channel;
    const review = () => {
      if (this.#reading && clients.isReady(clients.reader) && clients.isReady(clients.writer)) sink.up();
      else sink.down();
    };
    const onError = (error: unknown) => {
      sink.error(error);
      review();
    };
    for (const client of [clients.writer, clients.reader]) {
      for (const event of ["ready", ...clients.stateEvents]) this.#listen(client, event, review);
      this.#listen(client, "error", onError);
    }
    clients.connect();
    void this.#readLoop(clients, sink, options.replay, review);
  }

  #listen(client: Emitter, event: string, listener: (...args: any[]) => void): void {
    client.on(event, listener);
    this.#listeners.push([client, event, listener]);
  }

  /** Positions once (with the replay asked for), then reads for as long as the transport is open, resuming after each failure. */
  async #readLoop(clients: StreamClients, sink: TransportSink, replay: Replay | undefined, review: () => void): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      if (!clients.isReady(clients.reader)) {
        await this.#wait(50);
        continue;
      }
      try {
        if (this.#lastId === null) this.#lastId = await this.#position(clients, sink, replay);
        if (!this.#reading) {
          this.#reading = true;
          review();
        }
        const reply = await clients.call(clients.reader, ["XREAD", "BLOCK", String(BLOCK_MS), "COUNT", String(BATCH), "STREAMS", this.#key, this.#lastId]);
        failures = 0;
        for (const [id, fields] of streamEntries(reply)) {
          if (this.#closed) return;
          this.#lastId = id;
          sink.message(fieldValue(fields), false);
        }
      } catch (error) {
        if (this.#closed) return;
        this.#reading = false;
        sink.error(error);
        review();
        await this.#wait(reconnectDelay(failures++));
      }
    }
  }

  /**
   * Where live reading starts: the stream's last entry now (or 0-0 for an
   * empty stream). With `replay`, the history asked for is delivered first,
   * marked as replayed, up to that entry.
   */
  async #position(clients: StreamClients, sink: TransportSink, replay: Replay | undefined): Promise<string> {
    const read = (args: string[]) => clients.call(clients.reader, args).then(rangeEntries);
    if (replay !== undefined && "last" in replay) {
      const newest = await read(["XREVRANGE", this.#key, "+", "-", "COUNT", String(replay.last)]);
      for (let k = newest.length - 1; k >= 0; k--) if (!this.#closed) sink.message(fieldValue(newest[k][1]), true);
      return newest[0]?.[0] ?? "0-0";
    }
    const end = (await read(["XREVRANGE", this.#key, "+", "-", "COUNT", "1"]))[0]?.[0] ?? "0-0";
    if (replay === undefined || end === "0-0") return end;
    // Stream ids start with the broker's time in ms: the history of the last `since` ms, up to `end`, in batches.
    let from = String(Math.max(0, Date.now() - replay.since));
    for (;;) {
      const entries = await read(["XRANGE", this.#key, from, end, "COUNT", String(BATCH)]);
      for (const [, fields] of entries) if (!this.#closed) sink.message(fieldValue(fields), true);
      if (entries.length < BATCH) return end;
      from = `(${entries[entries.length - 1][0]}`;
    }
  }

  #wait(ms: number): Promise<void> {
    const wait = pause(ms);
    this.#pause = wait;
    return wait.done;
  }

  publish(payload: Payload): Promise<unknown> {
    const clients = this.#clients!;
    return clients.call(clients.writer, ["XADD", this.#key, "MAXLEN", "~", this.#maxLen, "*", "m", toBuffer(payload) as Buffer]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pause?.cancel();
    for (const [client, event, listener] of this.#listeners) client.removeListener(event, listener);
    this.#listeners = [];
    this.#clients?.close();
  }
}

type Entry = [id: string, fields: unknown];

/** The entries of an XRANGE / XREVRANGE reply: [[id, [field, value, ...]], ...]. */
function rangeEntries(reply: unknown): Entry[] {
  if (!Array.isArray(reply)) return [];
  return reply.filter((entry): entry is [unknown, unknown] => Array.isArray(entry) && entry.length === 2)
    .map(([id, fields]) => [String(id), fields]);
}

/**
 * The entries of an XREAD reply on one stream: [[key, entries]] (RESP2),
 * [key, entries] (ioredis' callBuffer), or a map of key to entries (RESP3,
 * node-redis); null when none came.
 */
function streamEntries(reply: unknown): Entry[] {
  if (reply === null || typeof reply !== "object") return [];
  if (Array.isArray(reply)) return rangeEntries(Array.isArray(reply[0]) ? reply[0][1] : reply[1]);
  if (reply instanceof Map) return rangeEntries(reply.values().next().value);
  return rangeEntries(Object.values(reply)[0]);
}

/** The value of field `m` of an entry; anything else (an entry someone else wrote) goes to the bridge's guard as it is. */
function fieldValue(fields: unknown): unknown {
  if (Array.isArray(fields)) {
    for (let k = 0; k + 1 < fields.length; k += 2) if (String(fields[k]) === "m") return fields[k + 1];
  }
  return fields;
}

async function makeClients(options: RedisStreamsTransportOptions): Promise<StreamClients> {
  if ("client" in options) return libraryOf(options.client) === "redis" ? nodeRedisClients(options.client, false) : ioredisClients(options.client, false);
  const { library, source } = await importRedisLibrary(options.library);
  return (library satisfies RedisLibrary) === "redis" ? nodeRedisClients(source, true, options.url) : ioredisClients(source, true, options.url);
}

/** node-redis: no offline queue (a command while disconnected fails at once; the bridge's queue is the bounded one). */
function nodeRedisClients(source: any, own: boolean, url?: string): StreamClients {
  const writer = own ? source.createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: reconnectDelay } }) : source;
  const reader = writer.duplicate({ disableOfflineQueue: true });
  reader.on("error", ignore);
  if (own) writer.on("error", ignore);
  const bytes = { typeMapping: { 36: Buffer } }; // RESP blob strings as Buffers: payloads may be bytes
  return {
    writer, reader,
    stateEvents: ["reconnecting", "end"],
    isReady: (client) => (client as any).isReady === true,
    connect() {
      for (const client of own ? [writer, reader] : [reader]) client.connect().catch(ignore);
    },
    call: (client, args) => (client as any).sendCommand(args, bytes),
    close() {
      for (const client of own ? [reader, writer] : [reader]) {
        try {
          client.destroy();
        } catch {
          // already closed
        }
      }
    },
  };
}

/** ioredis: no offline queue, and a command cut off by a disconnect fails instead of being sent again. */
function ioredisClients(source: any, own: boolean, url?: string): StreamClients {
  const settings = { lazyConnect: true, enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 };
  const writer = own ? new source.Redis(url, { ...settings, retryStrategy: (times: number) => reconnectDelay(times - 1) }) : source;
  const reader = writer.duplicate(settings);
  reader.on("error", ignore);
  if (own) writer.on("error", ignore);
  return {
    writer, reader,
    stateEvents: ["close", "reconnecting", "end"],
    isReady: (client) => (client as any).status === "ready",
    connect() {
      for (const client of own ? [writer, reader] : [reader]) client.connect().catch(ignore);
    },
    call: (client, [command, ...args]) => (client as any).callBuffer(command, ...args),
    close() {
      for (const client of own ? [reader, writer] : [reader]) client.disconnect();
    },
  };
}
