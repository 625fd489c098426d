// The public shapes of the bridge (§12): its options, its stats, the
// remote-message marker and the Bridge handle. Types only: the behaviour is
// in bridge.ts, the checks of the options in settings.ts.

import type { Registration } from "../bus/types.js";
import type { Codec, MalformedReason } from "./envelope.js";
import type { Replay } from "./transport.js";

/** Options of `bridge()`. */
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
   * The largest gap in a sender's sequence a receiver believes. Sequence
   * numbers come from the wire: a jump further than this is refused (counted
   * in `malformedBy.sequence`) unless the sender's next message continues
   * from it, which is then a resync (counted in `resyncs`, no `bridge.gap`:
   * the receiver cannot vouch for the count). Default 100,000.
   */
  maxGap?: number;
  /**
   * Recent history to dispatch before live events, on a durable transport
   * (`redisStreamsTransport`, `jetstreamTransport`; EINVAL on the others):
   * the channel's last `last` messages, or those of the last `since`
   * milliseconds. Replayed messages are dispatched like remote ones, in
   * order, with `remote.replayed` true. Default: none, live events only.
   */
  replay?: Replay;
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
  /** Messages of other senders never received: the sum of the `missed` of every `bridge.gap`. */
  missed: number;
  /** `bridge.gap` events generated: one per gap found in a sender's sequence. */
  gaps: number;
  /** Senders whose count jumped past `maxGap` and was then confirmed by their next message (see `maxGap`). */
  resyncs: number;
  /** Messages waiting in the outbound queue now. */
  queued: number;
  /** Payloads handed to the transport and not yet confirmed now. */
  inFlight: number;
  /** Whether the transport is up now. */
  up: boolean;
}

/**
 * The data of `"bridge.gap"`, generated on the bus when a receiver finds a
 * gap in a sender's sequence (lost in an outage, trimmed from a stream, cut
 * off as a slow consumer): once per gap, before the message that revealed it.
 */
export interface BridgeGap {
  readonly channel: string;
  /** The id of the sender whose messages were missed (its `Bridge.id`). */
  readonly sender: string;
  /** How many of its messages this process did not receive, 1 to `maxGap`. */
  readonly missed: number;
}

/** The remote message a bus is dispatching: what `bridge.remote` and {@link remoteMessage} return. */
export interface RemoteMessage {
  readonly event: string;
  /** The sending bridge's id. */
  readonly sender: string;
  /** The message's sequence number at its sender. */
  readonly seq: number;
  /** True for history delivered because of the `replay` option, false for a live message. */
  readonly replayed: boolean;
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
