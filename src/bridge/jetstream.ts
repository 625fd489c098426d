// The NATS JetStream transport (§12, durable transports), with
// `@nats-io/transport-node` and `@nats-io/jetstream` (optional peers). The
// channel is the subject of a JetStream stream (created with file storage
// and `maxMessages` of retention if it does not exist). Each process reads
// with an ordered consumer starting after the stream's last message at open
// (or earlier, for `replay`) and remembers the stream sequence of the last
// message it delivered: after a reconnect, or a server restart with file
// storage, it starts a new consumer right after it, so nothing still in the
// stream is lost or delivered twice. What retention dropped meanwhile shows
// as a gap in the senders' sequence numbers (bridge.gap).

import { describe, EventsError } from "../bus/errors.js";
import type { NatsConnectionLike } from "./nats.js";
import { importPeer, pause, reconnectDelay, type OpenOptions, type Payload, type Replay, type Transport, type TransportSink } from "./transport.js";

/** Options of {@link jetstreamTransport}: servers (the transport makes and owns its connection) or the application's connection. */
export type JetstreamTransportOptions = (
  | {
    /** `nats://host:port`, or several for a cluster. */
    servers: string | readonly string[];
  }
  | {
    /** An open connection of the application; the transport leaves it open at close. */
    connection: NatsConnectionLike;
  }
) & {
  /** The stream's name; default: the channel with characters a stream name cannot hold replaced by `_`. */
  stream?: string;
  /** How many messages a stream created by the transport keeps (its retention). Default 10,000. */
  maxMessages?: number;
};

const DEFAULT_MAX_MESSAGES = 10_000;
/**
 * The client's statuses for a consumer that is gone under it. "consumer_not_found" comes when
 * the stream was deleted and already created again (by another process's bridge) before the
 * client looked: the new stream has no consumer of ours, and the client would ask forever.
 */
const GONE = new Set(["consumer_deleted", "consumer_not_found", "stream_not_found"]);
/** The consumer's pull requests: their expiry and the server's idle heartbeat inside one (ms). */
const PULL_OPTIONS = { expires: 4_000, idle_heartbeat: 1_000 };
/** How long a consumer whose stream or consumer was deleted waits before it starts over. */
const RESTART_DELAY_MS = 1_000;

/** A JetStream stream on the bridge's channel (as its subject), read from the last sequence seen. */
export function jetstreamTransport(options: JetstreamTransportOptions): Transport {
  if (options === null || typeof options !== "object") {
    throw new EventsError("EINVAL", `jetstreamTransport: expected { servers } or { connection }, received ${describe(options)}`);
  }
  if ("connection" in options) {
    const c = options.connection as unknown as Record<string, unknown> | null;
    if (c === null || typeof c !== "object" || typeof c.publish !== "function" || typeof c.request !== "function" || typeof c.status !== "function") {
      throw new EventsError("EINVAL", `jetstreamTransport: 'connection' must be a NATS connection, received ${describe(c)}`);
    }
  } else {
    const servers = typeof options.servers === "string" ? [options.servers] : options.servers;
    if (!Array.isArray(servers) || servers.length === 0 || !servers.every((s) => typeof s === "string" && s !== "")) {
      throw new EventsError("EINVAL", `jetstreamTransport: 'servers' must be a URL or a non-empty array of URLs, received ${describe(options.servers)}`);
    }
  }
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  if (!Number.isSafeInteger(maxMessages) || maxMessages < 1) {
    throw new EventsError("EINVAL", `jetstreamTransport: 'maxMessages' must be a positive integer, received ${describe(options.maxMessages)}`);
  }
  if (options.stream !== undefined && (typeof options.stream !== "string" || !/^[^\s.*>/\\]+$/.test(options.stream))) {
    throw new EventsError("EINVAL", `jetstreamTransport: 'stream' must be a stream name (no spaces, '.', '*', '>', '/' or '\\'), received ${describe(options.stream)}`);
  }
  return new JetstreamTransport(options, maxMessages);
}

/** The parts of @nats-io/jetstream's objects the transport uses (structural: the package is an optional peer). */
interface JsMessages extends AsyncIterable<{ seq: number; data: Uint8Array }> {
  close(): Promise<unknown>;
  stop(): void;
  status(): AsyncIterable<{ type: string }>;
}

class JetstreamTransport implements Transport {
  readonly name = "jetstream";
  readonly durable = true;
  readonly #options: JetstreamTransportOptions;
  readonly #maxMessages: number;
  #connection: NatsConnectionLike | null = null;
  #js: any = null;
  #subject = "";
  #stream = "";
  /** The stream sequence of the last message delivered (or the stream's end at open); null until positioned. */
  #lastSeq: number | null = null;
  /** Messages up to this stream sequence were asked for by `replay`. */
  #replayedUpTo = 0;
  #messages: JsMessages | null = null;
  #status: { stop?: () => void } | null = null;
  #pause: { cancel(): void } | null = null;
  #closed = false;
  /** Bumped for each consumer started: a superseded consumer's loop stops delivering. */
  #generation = 0;

  constructor(options: JetstreamTransportOptions, maxMessages: number) {
    this.#options = options;
    this.#maxMessages = maxMessages;
  }

  async open(channel: string, sink: TransportSink, options: OpenOptions = {}): Promise<void> {
    const { jetstream, jetstreamManager } = await importPeer("@nats-io/jetstream", "JetStream");
    this.#subject = channel;
    this.#stream = this.#options.stream ?? channel.replace(/[\s.*>/\\]/g, "_");
    let connection: NatsConnectionLike;
    if ("connection" in this.#options) connection = this.#options.connection;
    else {
      const { connect } = await importPeer("@nats-io/transport-node", "JetStream");
      connection = await this.#connectForever(connect, this.#options.servers, sink);
      if (this.#closed) {
        await connection.close();
        return;
      }
    }
    this.#connection = connection;
    this.#js = jetstream(connection);
    const status = connection.status();
    this.#status = status as { stop?: () => void };
    (async () => {
      for await (const { type } of status) {
        if (type === "disconnect") sink.down();
        else if (type === "reconnect") void this.#consume(jetstreamManager, sink, undefined);
      }
    })().catch((error: unknown) => sink.error(error));
    void this.#consume(jetstreamManager, sink, options.replay);
  }

  /** The first connection, retried until it is made or the transport is closed (later ones: the client reconnects by itself). */
  async #connectForever(connect: any, servers: string | readonly string[], sink: TransportSink): Promise<NatsConnectionLike> {
    for (let failures = 0; ; failures++) {
      try {
        return await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 250, reconnectJitter: 100 });
      } catch (error) {
        sink.error(error);
        if (this.#closed) throw error;
        const wait = pause(reconnectDelay(failures));
        this.#pause = wait;
        await wait.done;
      }
    }
  }

  /**
   * Makes sure the stream exists, then starts an ordered consumer after the
   * last message delivered (or, the first time, after the stream's end or
   * from the replay asked for) and delivers from it until it is superseded.
   * Retried until it works; up once it does.
   */
  async #consume(jetstreamManager: any, sink: TransportSink, replay: Replay | undefined): Promise<void> {
    const generation = ++this.#generation;
    this.#messages?.stop();
    this.#messages = null;
    for (let failures = 0; !this.#closed && generation === this.#generation; failures++) {
      try {
        const manager = await jetstreamManager(this.#connection);
        const state = await this.#ensureStream(manager);
        if (generation !== this.#generation || this.#closed) return;
        // Where to start: right after the last message delivered; the first
        // time, after the stream's end, or where the replay asked for begins.
        let start: Record<string, unknown>;
        let position = this.#lastSeq;
        // A stream that ends before the last message delivered is not the one
        // read so far (deleted and created again, or purged): read it from its start.
        if (position !== null && state.last_seq < position) position = 0;
        if (position !== null) start = { deliver_policy: "by_start_sequence", opt_start_seq: position + 1 };
        else if (replay === undefined) {
          position = state.last_seq;
          start = { deliver_policy: "by_start_sequence", opt_start_seq: position + 1 };
        } else {
          position = 0;
          this.#replayedUpTo = state.last_seq;
          start = "since" in replay
            ? { deliver_policy: "by_start_time", opt_start_time: new Date(Date.now() - replay.since).toISOString() }
            : { deliver_policy: "by_start_sequence", opt_start_seq: Math.max(state.last_seq - replay.last + 1, 1) };
        }
        const consumer = await this.#js.consumers.get(this.#stream, { filter_subjects: this.#subject, ...start });
        // Pulls of 4 s with a heartbeat every second: a consumer whose stream was deleted
        // while no pull was pending (no 409 comes then) learns it from two missed
        // heartbeats, within about 2 s instead of the client's default 30 s.
        const messages: JsMessages = await consumer.consume(PULL_OPTIONS);
        if (generation !== this.#generation || this.#closed) {
          messages.stop();
          return;
        }
        this.#messages = messages;
        this.#lastSeq = position;
        this.#watch(messages, generation, () => void this.#consume(jetstreamManager, sink, undefined), sink);
        sink.up();
        for await (const message of messages) {
          if (generation !== this.#generation || this.#closed) return;
          if (message.seq <= this.#lastSeq) continue; // a consumer restarted by the client may repeat: never deliver twice
          this.#lastSeq = message.seq;
          sink.message(message.data, message.seq <= this.#replayedUpTo);
        }
        if (generation !== this.#generation || this.#closed) return;
        throw new Error(`the JetStream consumer of stream '${this.#stream}' stopped`); // start another
      } catch (error) {
        if (this.#closed || generation !== this.#generation) return;
        sink.error(error);
        sink.down();
        const wait = pause(reconnectDelay(failures));
        this.#pause = wait;
        await wait.done;
      }
    }
  }

  /**
   * Starts over (`restart`) when the consumer or its stream is gone under it
   * (a stream deleted by an operator): the client would wait for a consumer
   * that cannot come back, while a new start creates the stream again and
   * resumes after the last message delivered.
   */
  #watch(messages: JsMessages, generation: number, restart: () => void, sink: TransportSink): void {
    (async () => {
      for await (const { type } of messages.status()) {
        if (!GONE.has(type) || generation !== this.#generation || this.#closed) continue;
        sink.down();
        // Not at once: a stream being deleted must be gone before it is created again.
        const wait = pause(RESTART_DELAY_MS);
        this.#pause = wait;
        await wait.done;
        if (generation === this.#generation && !this.#closed) restart();
        return;
      }
    })().catch((error: unknown) => sink.error(error));
  }

  /** The stream's state, creating the stream (file storage, oldest messages discarded past maxMessages) if it does not exist. */
  async #ensureStream(manager: any): Promise<{ last_seq: number }> {
    try {
      return (await manager.streams.info(this.#stream)).state;
    } catch (error) {
      if ((error as { name?: string }).name !== "StreamNotFoundError" && !/stream not found/i.test(String((error as Error).message))) throw error;
    }
    const info = await manager.streams.add({
      name: this.#stream, subjects: [this.#subject], storage: "file", max_msgs: this.#maxMessages, discard: "old",
    });
    return info.state;
  }

  publish(payload: Payload): Promise<unknown> {
    return this.#js.publish(this.#subject, payload);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#generation++;
    this.#pause?.cancel();
    this.#status?.stop?.();
    this.#messages?.stop();
    if (this.#connection === null || "connection" in this.#options) return;
    await this.#connection.close();
  }
}
