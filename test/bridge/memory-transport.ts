// An in-process Transport for the unit tests of the bridge's own logic
// (queue, states, guard, marker, close): the test decides when it is up,
// what publish does, and injects raw payloads. The real transports are
// tested across processes on real brokers in the other files. Also what
// those tests read and write: envelopes, and a recording onError.

import { jsonCodec, type BridgeErrorContext, type Envelope, type Payload, type Transport, type TransportSink } from "wasm-events/bridge";

/** A published JSON payload, read back. */
export const decoded = (payload: unknown) => jsonCodec.decode(payload as string) as Envelope;
/** A JSON envelope from another sender, with `fields` replaced. */
export const envelope = (fields: Partial<Envelope>) => JSON.stringify({ v: 1, s: "other-sender-0001", n: 1, e: "x", ...fields });

/** An onError that records each error's message with its context. */
export function errorsOf(): { errors: [string, BridgeErrorContext][]; onError: (error: unknown, context: BridgeErrorContext) => void } {
  const errors: [string, BridgeErrorContext][] = [];
  return { errors, onError: (error, context) => errors.push([(error as Error).message, context]) };
}

export class MemoryTransport implements Transport {
  readonly name = "memory";
  sink: TransportSink | null = null;
  channel = "";
  readonly published: Payload[] = [];
  /** Replaces what publish does (default: records the payload and returns nothing). */
  onPublish: ((payload: Payload) => void | Promise<unknown>) | null = null;
  /** Other transports that receive what this one publishes. */
  readonly peers: MemoryTransport[] = [];
  opened = 0;
  closed = 0;
  /** Makes open() reject. */
  failOpen: Error | null = null;
  /** Calls sink.up() from open(). */
  upOnOpen = true;

  async open(channel: string, sink: TransportSink): Promise<void> {
    this.opened++;
    if (this.failOpen) throw this.failOpen;
    this.channel = channel;
    this.sink = sink;
    if (this.upOnOpen) sink.up();
  }

  publish(payload: Payload): void | Promise<unknown> {
    this.published.push(payload);
    for (const peer of this.peers) peer.sink?.message(payload);
    return this.onPublish?.(payload);
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** Transports wired to each other, as processes on one channel would be. */
export function memoryGroup(size: number): MemoryTransport[] {
  const group = Array.from({ length: size }, () => new MemoryTransport());
  for (const transport of group) transport.peers.push(...group.filter((other) => other !== transport));
  return group;
}

/** Lets queued microtasks and the bridge's deferred open run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
