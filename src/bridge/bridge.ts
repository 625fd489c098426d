// The bridge of §12: carries the generates of selected events from one
// bus to the buses of other processes over a transport, using only the bus's
// public API. Local generates are captured by a core listener per bridged
// event and published after the dispatch; remote messages are guarded,
// checked against their sender's sequence and generated on the bus, marked
// as remote while they are dispatched. The public shapes are in api.ts, the
// checks of the arguments in settings.ts.

import type { EventBus } from "../bus/event-bus.js";
import type { Registration } from "../bus/types.js";
import type { Bridge, BridgedBus, BridgeErrorContext, BridgeGap, BridgeOptions, BridgeStats, RemoteMessage } from "./api.js";
import {
  decodeEnvelope, ENVELOPE_VERSION, MALFORMED_REASONS, newSenderId, payloadBytes,
  type Envelope, type MalformedReason,
} from "./envelope.js";
import { PayloadQueue } from "./payload-queue.js";
import { DUPLICATE, IMPLAUSIBLE, RESYNC, SenderSequences } from "./sender-sequences.js";
import { bridgeSettings, type BridgeSettings } from "./settings.js";
import type { Payload, Transport, TransportSink } from "./transport.js";


/** Senders remembered for sequence checks; a flood of made-up sender ids cannot grow memory past it. */
const MAX_SENDERS = 4_096;
/** How long close() waits for publishes in flight. */
const CLOSE_GRACE_MS = 1_000;

/** The remote message each bus is dispatching, shared by every bridge of that bus. */
const dispatching = new WeakMap<object, { message: RemoteMessage; data: unknown }>();

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
  readonly #codec: BridgeSettings["codec"];
  readonly #events: ReadonlySet<string>;
  readonly #maxBytes: number;
  readonly #maxQueue: number;
  readonly #maxInFlight: number;
  readonly #onError: BridgeOptions["onError"];
  readonly #registrations: Registration[] = [];
  readonly #queue = new PayloadQueue();
  /** Per sender, the last sequence number accepted. */
  readonly #sequences: SenderSequences;
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
  #counts = { sent: 0, received: 0, dropped: 0, echoes: 0, missed: 0, gaps: 0, resyncs: 0 };
  #malformedBy = Object.fromEntries(MALFORMED_REASONS.map((reason) => [reason, 0])) as Record<MalformedReason, number>;

  constructor(bus: BridgedBus, transport: Transport, options: BridgeOptions) {
    const settings: BridgeSettings = bridgeSettings(bus, transport, options);
    this.#bus = settings.bus;
    this.#transport = transport;
    this.#codec = settings.codec;
    this.#onError = settings.onError;
    this.channel = settings.channel;
    this.#events = settings.events;
    this.#maxBytes = settings.maxMessageBytes;
    this.#maxQueue = settings.maxQueue;
    this.#maxInFlight = settings.maxInFlight;
    this.#sequences = new SenderSequences(MAX_SENDERS, settings.maxGap);
    this.ready = new Promise<void>((resolve, reject) => {
      this.#readyResolve = resolve;
      this.#readyReject = reject;
    });
    this.ready.catch(() => {}); // a rejection nobody awaits must not crash the process
    for (const event of this.#events) this.#registrations.push(this.#bus.register(null, event, this.#capture(event)));

    const sink: TransportSink = {
      message: (payload, replayed) => this.#receive(payload, replayed === true),
      up: () => this.#setUp(true),
      down: () => this.#setUp(false),
      error: (error) => this.#report(error, "transport"),
    };
    // Opened after this call returns, so nothing (bridge.up included) is
    // generated before the caller's next line has registered its listeners.
    Promise.resolve().then(() => {
      if (this.#closing === null) return transport.open(this.channel, sink, settings.replay === undefined ? {} : { replay: settings.replay });
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
    // Closed on purpose: not up any more, and no "bridge.down" (nothing to resynchronise).
    this.#up = false;
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
      // After the generate that captured it: the local dispatch comes first (§12).
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

  #receive(payload: unknown, replayed: boolean): void {
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
    const missed = this.#sequences.check(sender, seq);
    if (missed === DUPLICATE || missed === IMPLAUSIBLE) {
      // At most once, in order: a number already passed is a duplicate or a
      // replay; a jump past maxGap is not believed until the next message confirms it.
      this.#malformedBy.sequence++;
      return;
    }
    if (missed === RESYNC) this.#counts.resyncs++;
    else if (missed > 0) this.#reportGap(sender, missed);
    this.#counts.received++;
    this.#dispatchRemote({ event: envelope.e, sender, seq, replayed }, envelope.d);
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

  /** Counts a gap in `sender`'s sequence and tells the bus, once, before the message that revealed it is dispatched. */
  #reportGap(sender: string, missed: number): void {
    this.#counts.missed += missed;
    this.#counts.gaps++;
    const gap: BridgeGap = { channel: this.channel, sender, missed };
    try {
      this.#bus.generate("bridge.gap", gap);
    } catch (error) {
      this.#report(error, "listener");
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
