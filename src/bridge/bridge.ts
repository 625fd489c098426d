// The bridge of SPEC §12: carries the generates of selected events from one
// bus to the buses of other processes over a transport, using only the bus's
// public API. Local generates are captured by a core listener per bridged
// event and published after the dispatch; remote messages are guarded,
// checked against their sender's sequence and generated on the bus, marked
// as remote while they are dispatched.

import { EventBus } from "../bus/event-bus.js";
import { describe, EventsError, invalidOption } from "../bus/errors.js";
import type { Registration } from "../bus/types.js";
import {
  decodeEnvelope, ENVELOPE_VERSION, jsonCodec, MALFORMED_REASONS, newSenderId, payloadBytes,
  type Codec, type Envelope, type MalformedReason,
} from "./envelope.js";
import type { Payload, Transport, TransportSink } from "./transport.js";

/** Options of {@link bridge}. */
export interface BridgeOptions {
  /** The event names that cross, in both directions. Nothing crosses by default. */
  events: readonly string[];
  /** The Redis channel or NATS subject (exactly), or the in-host channel name. Default `"wasm-events"`. */
  channel?: string;
  /** Turns envelopes into payloads and back. Default: {@link jsonCodec}. */
  codec?: Codec;
  /** Largest payload sent or accepted, in bytes. Default 65,536. */
  maxMessageBytes?: number;
  /** Messages waiting for the transport (while it is down); beyond it the oldest is dropped. Default 10,000. */
  maxQueue?: number;
  /** Payloads handed to the transport and not yet confirmed; beyond it messages wait in the queue. Default 1,000. */
  maxInFlight?: number;
  /**
   * Receives what cannot be thrown anywhere: errors of listeners during a
   * remote dispatch (`"listener"`), events that could not be encoded or were
   * too large (`"encode"`), and client errors (`"transport"`). Default: a
   * `BridgeWarning` process warning for the first two, nothing for the third
   * (a broker outage shows as `bridge.down`, and a reconnecting client errs
   * on every attempt).
   */
  onError?: (error: unknown, context: BridgeErrorContext) => void;
}

/** Where an error reported to `onError` came from. */
export type BridgeErrorContext = "listener" | "encode" | "transport";

/** Counters of one bridge since it was created. */
export interface BridgeStats {
  /** Messages the transport accepted. */
  sent: number;
  /** Remote messages dispatched on the bus. */
  received: number;
  /** Outbound messages lost: oldest dropped from a full queue, not encodable, too large, refused by the transport, still queued at close. */
  dropped: number;
  /** Inbound payloads refused by the guard (the sum of `malformedBy`). */
  malformed: number;
  /** `malformed` by reason. */
  malformedBy: Record<MalformedReason, number>;
  /** This bridge's own messages delivered back by the broker (Redis does that) and ignored. */
  echoes: number;
  /** Messages of other senders never received: gaps in their sequence numbers (the outages). */
  missed: number;
  /** Messages waiting in the outbound queue now. */
  queued: number;
  /** Payloads handed to the transport and not yet confirmed now. */
  inFlight: number;
  /** Whether the transport is up now. */
  up: boolean;
}

/** The remote message a bus is dispatching: what `bridge.remote` and {@link remoteMessage} return. */
export interface RemoteMessage {
  readonly event: string;
  /** The sending bridge's id. */
  readonly sender: string;
  /** The message's sequence number at its sender. */
  readonly seq: number;
}

/** A running bridge between one bus and one transport. */
export interface Bridge {
  /** Resolves when the transport is up for the first time; rejects if it cannot start or the bridge is closed first. */
  readonly ready: Promise<void>;
  /** The channel this bridge is on. */
  readonly channel: string;
  /** This bridge's sender id (in every envelope it sends). */
  readonly id: string;
  /** Whether the transport is up now. */
  readonly up: boolean;
  /**
   * The remote message being dispatched now, or null. Set for the whole
   * synchronous dispatch of a remote message, nested generates included:
   * compare `remote.event` with the listener's event to tell them apart.
   */
  readonly remote: RemoteMessage | null;
  /** `remote !== null`: true inside the dispatch of a message from another process. */
  isRemote(): boolean;
  stats(): BridgeStats;
  /**
   * Stops bridging: no generate crosses from now on, queued messages are
   * handed to the transport if it is up (waiting at most a second for them),
   * then the transport is closed. Leaves no timer, socket or listener behind.
   */
  close(): Promise<void>;
}

const DEFAULT_CHANNEL = "wasm-events";
const DEFAULTS = { maxMessageBytes: 65_536, maxQueue: 10_000, maxInFlight: 1_000 };
/** The bus events of the bridge itself: local to each process, never bridged. */
const STATE_EVENTS = new Set(["bridge.up", "bridge.down"]);
/** Senders remembered for sequence checks; a flood of made-up sender ids cannot grow memory past it. */
const MAX_SENDERS = 4_096;
/** How long close() waits for publishes in flight. */
const CLOSE_GRACE_MS = 1_000;

/** The remote message each bus is dispatching, shared by every bridge of that bus. */
const dispatching = new WeakMap<object, { message: RemoteMessage; data: unknown }>();
/** A transport serves one bridge. */
const usedTransports = new WeakSet<object>();

/**
 * A bus as the bridge's declarations name it: an `EventBus` (checked with
 * `instanceof` at run time), typed by the members the bridge uses. The
 * subpath's bundled declarations carry their own copy of the class, and a
 * class with private members is never assignable to another copy of itself;
 * this structural view is, so `wasm-events`'s EventBus fits it.
 */
export interface BridgedBus {
  register(...args: any[]): Registration;
  unregister(...args: any[]): number;
  generate(...args: any[]): void;
  loadModule(name: string): unknown;
  listening(...args: any[]): number;
}

/**
 * The remote message `bus` is dispatching now (through any of its bridges),
 * or null: lets a module tell a remote event from a local one without
 * holding the bridge. Nested generates inside that dispatch see it too.
 */
export function remoteMessage(bus: BridgedBus): RemoteMessage | null {
  return dispatching.get(bus as EventBus)?.message ?? null;
}

/** Bridges `options.events` of `bus` to every other process on `options.channel` of `transport`. */
export function bridge(bus: BridgedBus, transport: Transport, options: BridgeOptions): Bridge {
  return new BridgeImpl(bus, transport, options);
}

class BridgeImpl implements Bridge {
  readonly ready: Promise<void>;
  readonly channel: string;
  readonly id = newSenderId();

  readonly #bus: EventBus;
  readonly #transport: Transport;
  readonly #codec: Codec;
  readonly #events: ReadonlySet<string>;
  readonly #maxBytes: number;
  readonly #maxQueue: number;
  readonly #maxInFlight: number;
  readonly #onError: BridgeOptions["onError"];
  readonly #registrations: Registration[] = [];
  readonly #queue = new PayloadQueue();
  /** Per sender, the last sequence number seen (Map order: least recently heard first). */
  readonly #senders = new Map<string, number>();
  #readyResolve!: () => void;
  #readyReject!: (error: unknown) => void;
  #everUp = false;
  #up = false;
  #closing: Promise<void> | null = null;
  #closed = false;
  #flushScheduled = false;
  /** The last sequence number used, and the last of ours the broker echoed back. */
  #seq = 0;
  #lastEcho = 0;
  #inFlight = 0;
  #settled: (() => void) | null = null;
  #remote: RemoteMessage | null = null;
  #counts = { sent: 0, received: 0, dropped: 0, echoes: 0, missed: 0 };
  #malformedBy = Object.fromEntries(MALFORMED_REASONS.map((reason) => [reason, 0])) as Record<MalformedReason, number>;

  constructor(bus: BridgedBus, transport: Transport, options: BridgeOptions) {
    // Validate everything before the first change (as the bus does, SPEC §8).
    if (!(bus instanceof EventBus)) throw new EventsError("EINVAL", `bridge: the bus must be an EventBus, received ${describe(bus)}`);
    if (transport === null || typeof transport !== "object" || typeof transport.open !== "function"
      || typeof transport.publish !== "function" || typeof transport.close !== "function") {
      throw new EventsError("EINVAL", `bridge: the transport must have open, publish and close methods, received ${describe(transport)}`);
    }
    if (usedTransports.has(transport)) {
      throw new EventsError("EINVAL", `bridge: this ${transport.name} transport already serves a bridge; make one transport per bridge`);
    }
    if (options === null || typeof options !== "object") throw invalidOption("bridge", "options", "an object", options);
    const { events, channel = DEFAULT_CHANNEL, codec = jsonCodec } = options;
    if (!Array.isArray(events)) throw invalidOption("bridge", "events", "an array of event names", events);
    for (const event of events) {
      if (typeof event !== "string" || event === "") throw invalidOption("bridge", "events", "an array of non-empty strings", event);
      if (STATE_EVENTS.has(event)) throw invalidOption("bridge", "events", "event names other than bridge.up and bridge.down (they are local)", event);
    }
    if (typeof channel !== "string" || channel === "") throw invalidOption("bridge", "channel", "a non-empty string", channel);
    if (codec === null || typeof codec !== "object" || typeof codec.encode !== "function" || typeof codec.decode !== "function") {
      throw invalidOption("bridge", "codec", "an object with encode and decode methods", codec);
    }
    const limit = (name: keyof typeof DEFAULTS) => {
      const value = options[name] ?? DEFAULTS[name];
      if (!Number.isSafeInteger(value) || value < 1) throw invalidOption("bridge", name, "a positive integer", value);
      return value;
    };
    this.#maxBytes = limit("maxMessageBytes");
    this.#maxQueue = limit("maxQueue");
    this.#maxInFlight = limit("maxInFlight");
    if (options.onError !== undefined && typeof options.onError !== "function") {
      throw invalidOption("bridge", "onError", "a function", options.onError);
    }

    this.#bus = bus;
    this.#transport = transport;
    this.#codec = codec;
    this.#onError = options.onError;
    this.channel = channel;
    this.#events = new Set(events);
    usedTransports.add(transport);
    this.ready = new Promise<void>((resolve, reject) => {
      this.#readyResolve = resolve;
      this.#readyReject = reject;
    });
    this.ready.catch(() => {}); // a rejection nobody awaits must not crash the process
    for (const event of this.#events) this.#registrations.push(bus.register(null, event, this.#capture(event)));

    const sink: TransportSink = {
      message: (payload) => this.#receive(payload),
      up: () => this.#setUp(true),
      down: () => this.#setUp(false),
      error: (error) => this.#report(error, "transport"),
    };
    // Opened after this call returns, so nothing (bridge.up included) is
    // generated before the caller's next line has registered its listeners.
    Promise.resolve().then(() => {
      if (this.#closing === null) return transport.open(channel, sink);
    }).catch((error: unknown) => {
      this.#report(error, "transport");
      this.#readyReject(error);
    });
  }

  get up(): boolean {
    return this.#up;
  }

  get remote(): RemoteMessage | null {
    return this.#remote;
  }

  isRemote(): boolean {
    return this.#remote !== null;
  }

  stats(): BridgeStats {
    const malformed = MALFORMED_REASONS.reduce((sum, reason) => sum + this.#malformedBy[reason], 0);
    return {
      ...this.#counts, malformed, malformedBy: { ...this.#malformedBy },
      queued: this.#queue.length, inFlight: this.#inFlight, up: this.#up,
    };
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#shutDown());
  }

  async #shutDown(): Promise<void> {
    for (const registration of this.#registrations) registration.unregister();
    this.#flush();
    if (this.#inFlight > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.#settled = resolve;
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
      });
      clearTimeout(timer);
    }
    this.#closed = true;
    this.#counts.dropped += this.#queue.clear();
    this.#readyReject(new Error(`bridge on channel '${this.channel}' was closed before its ${this.#transport.name} transport was up`));
    await this.#transport.close();
  }

  /** The core listener that captures local generates of `event`. */
  #capture(event: string): (data: unknown) => void {
    return (data) => {
      // The remote message itself (seen by this bridge or by another bridge of
      // the same bus) is never published again.
      const current = dispatching.get(this.#bus);
      if (current !== undefined && current.message.event === event && current.data === data) return;
      this.#enqueue(event, data);
    };
  }

  #enqueue(event: string, data: unknown): void {
    const envelope: Envelope = { v: ENVELOPE_VERSION, s: this.id, n: this.#seq + 1, e: event, d: data };
    let payload: Payload;
    try {
      payload = this.#codec.encode(envelope);
    } catch (error) {
      this.#counts.dropped++;
      this.#report(new Error(`bridge: '${event}' was not sent: its data cannot be encoded by the ${this.#codec.name} codec`, { cause: error }), "encode");
      return;
    }
    const size = payloadBytes(payload, this.#maxBytes);
    if (size < 0 || size > this.#maxBytes) {
      this.#counts.dropped++;
      this.#report(new Error(size < 0
        ? `bridge: '${event}' was not sent: the ${this.#codec.name} codec returned neither a string nor a Uint8Array`
        : `bridge: '${event}' was not sent: its message is larger than maxMessageBytes (${this.#maxBytes})`), "encode");
      return;
    }
    this.#seq++;
    if (this.#queue.push(payload, this.#maxQueue)) this.#counts.dropped++;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // After the generate that captured it: the local dispatch comes first (SPEC §12).
      queueMicrotask(() => {
        this.#flushScheduled = false;
        this.#flush();
      });
    }
  }

  /** Hands queued payloads to the transport while it is up and in-flight room remains. */
  #flush(): void {
    while (this.#up && !this.#closed && this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) {
      this.#publish(this.#queue.shift()!);
    }
  }

  #publish(payload: Payload): void {
    let result: void | Promise<unknown>;
    try {
      result = this.#transport.publish(payload);
    } catch (error) {
      this.#counts.dropped++;
      this.#report(error, "transport");
      return;
    }
    if (result === undefined) {
      this.#counts.sent++;
      return;
    }
    this.#inFlight++;
    result.then(() => this.#counts.sent++, (error: unknown) => {
      this.#counts.dropped++;
      this.#report(error, "transport");
    }).finally(() => {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#settled?.();
      this.#flush();
    });
  }

  #receive(payload: unknown): void {
    if (this.#closed) return;
    const envelope = decodeEnvelope(payload, this.#codec, this.#maxBytes, this.#events);
    if (typeof envelope === "string") {
      this.#malformedBy[envelope]++;
      return;
    }
    const { s: sender, n: seq } = envelope;
    if (sender === this.id) {
      // Our own message back (Redis delivers to every subscriber, this one
      // included), in order and not yet seen; anything else with our id is forged.
      if (seq > this.#lastEcho && seq <= this.#seq) {
        this.#lastEcho = seq;
        this.#counts.echoes++;
      } else this.#malformedBy.sender++;
      return;
    }
    const last = this.#senders.get(sender);
    if (last !== undefined) {
      // At most once, in order: a number already passed is a replay or a duplicate.
      if (seq <= last) {
        this.#malformedBy.sequence++;
        return;
      }
      this.#counts.missed += seq - last - 1;
      this.#senders.delete(sender); // re-inserted below: most recently heard last
    } else if (this.#senders.size >= MAX_SENDERS) {
      this.#senders.delete(this.#senders.keys().next().value!);
    }
    this.#senders.set(sender, seq);
    this.#counts.received++;
    this.#dispatchRemote({ event: envelope.e, sender, seq }, envelope.d);
  }

  /** Generates a remote message on the bus, marked as remote for the whole dispatch. */
  #dispatchRemote(message: RemoteMessage, data: unknown): void {
    const outer = dispatching.get(this.#bus);
    const ownOuter = this.#remote;
    dispatching.set(this.#bus, { message, data });
    this.#remote = message;
    try {
      this.#bus.generate(message.event, data);
    } catch (error) {
      this.#report(error, "listener");
    } finally {
      if (outer === undefined) dispatching.delete(this.#bus);
      else dispatching.set(this.#bus, outer);
      this.#remote = ownOuter;
    }
  }

  #setUp(up: boolean): void {
    if (this.#closed || this.#closing !== null || up === this.#up) return;
    this.#up = up;
    if (up && !this.#everUp) {
      this.#everUp = true;
      this.#readyResolve();
    }
    try {
      this.#bus.generate(up ? "bridge.up" : "bridge.down", { channel: this.channel });
    } catch (error) {
      this.#report(error, "listener");
    }
    this.#flush();
  }

  #report(error: unknown, context: BridgeErrorContext): void {
    if (this.#onError !== undefined) {
      try {
        this.#onError(error, context);
      } catch {
        // onError's own failure has nowhere to go: the broker client must not see it.
      }
      return;
    }
    if (context === "transport") return;
    const text = error instanceof Error ? error.message : String(error);
    globalThis.process?.emitWarning?.(`${text} (wasm-events bridge, channel '${this.channel}')`, "BridgeWarning");
  }
}

/** A FIFO of payloads with O(1) push and shift; full means the oldest goes (SPEC §12: bounded). */
class PayloadQueue {
  #items: (Payload | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Appends; returns true if the oldest payload had to be dropped to stay within `capacity`. */
  push(payload: Payload, capacity: number): boolean {
    this.#items.push(payload);
    if (this.length <= capacity) return false;
    this.shift();
    return true;
  }

  shift(): Payload | undefined {
    const payload = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    // Compact once the consumed prefix is most of the array (amortised O(1)).
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return payload;
  }

  /** Empties the queue; returns how many payloads it held. */
  clear(): number {
    const count = this.length;
    this.#items = [];
    this.#head = 0;
    return count;
  }
}
