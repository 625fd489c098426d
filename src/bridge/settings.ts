// The checks bridge() runs on its arguments before it changes anything (as
// the bus does, §8), and the defaults it fills in. A bad argument is an
// EventsError EINVAL whose message starts with "bridge: ".

import { EventBus } from "../bus/event-bus.js";
import { describe, EventsError, invalidOption } from "../bus/errors.js";
import type { BridgedBus, BridgeOptions } from "./api.js";
import { jsonCodec, type Codec } from "./envelope.js";
import type { Replay, Transport } from "./transport.js";

const DEFAULT_CHANNEL = "wasm-events";
const LIMIT_DEFAULTS = { maxMessageBytes: 65_536, maxQueue: 10_000, maxInFlight: 1_000, maxGap: 100_000 };
/** The bus events of the bridge itself: local to each process, never bridged. */
const STATE_EVENTS: ReadonlySet<string> = new Set(["bridge.up", "bridge.down", "bridge.gap"]);

/** A transport serves one bridge. */
const usedTransports = new WeakSet<object>();

/** What a bridge runs with: its checked arguments, defaults filled in. */
export interface BridgeSettings {
  readonly bus: EventBus;
  readonly transport: Transport;
  readonly channel: string;
  readonly events: ReadonlySet<string>;
  readonly codec: Codec;
  readonly maxMessageBytes: number;
  readonly maxQueue: number;
  readonly maxInFlight: number;
  readonly maxGap: number;
  readonly onError: BridgeOptions["onError"];
  readonly replay: Replay | undefined;
}

/** Checks everything first, then claims the transport; throws EINVAL for the first bad argument. */
export function bridgeSettings(bus: BridgedBus, transport: Transport, options: BridgeOptions): BridgeSettings {
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
    if (STATE_EVENTS.has(event)) throw invalidOption("bridge", "events", "event names other than bridge.up, bridge.down and bridge.gap (they are local)", event);
  }
  if (typeof channel !== "string" || channel === "") throw invalidOption("bridge", "channel", "a non-empty string", channel);
  if (codec === null || typeof codec !== "object" || typeof codec.encode !== "function" || typeof codec.decode !== "function") {
    throw invalidOption("bridge", "codec", "an object with encode and decode methods", codec);
  }
  const limit = (name: keyof typeof LIMIT_DEFAULTS) => {
    const value = options[name] ?? LIMIT_DEFAULTS[name];
    if (!Number.isSafeInteger(value) || value < 1) throw invalidOption("bridge", name, "a positive integer", value);
    return value;
  };
  const maxMessageBytes = limit("maxMessageBytes");
  const maxQueue = limit("maxQueue");
  const maxInFlight = limit("maxInFlight");
  const maxGap = limit("maxGap");
  if (options.onError !== undefined && typeof options.onError !== "function") {
    throw invalidOption("bridge", "onError", "a function", options.onError);
  }
  const replay = checkReplay(options.replay, transport);
  usedTransports.add(transport);
  return {
    bus, transport, channel, events: new Set(events), codec, maxMessageBytes, maxQueue, maxInFlight, maxGap, onError: options.onError, replay,
  };
}

/** `{ last: n }` or `{ since: ms }` (positive integers), only on a durable transport. */
function checkReplay(replay: unknown, transport: Transport): Replay | undefined {
  if (replay === undefined) return undefined;
  const r = replay as Record<string, unknown> | null;
  const keys = r !== null && typeof r === "object" ? Object.keys(r) : [];
  const value = keys.length === 1 && (keys[0] === "last" || keys[0] === "since") ? r![keys[0]] : undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw invalidOption("bridge", "replay", "{ last: n } or { since: ms } with a positive integer", replay);
  }
  if (transport.durable !== true) {
    throw new EventsError("EINVAL", `bridge: 'replay' needs a durable transport (redisStreamsTransport, jetstreamTransport), not ${transport.name}`);
  }
  return keys[0] === "last" ? { last: value as number } : { since: value as number };
}
