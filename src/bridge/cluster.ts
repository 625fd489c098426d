// The node:cluster transport: workers send over their IPC channel to the
// primary, which relays each message to every other worker (never back to
// its sender) and to its own bridges. The primary runs the relay while it
// has a cluster bridge or a clusterRelay() handle open.

import cluster, { type Worker } from "node:cluster";
import { MESSAGE_TAG, type Payload, type Transport, type TransportSink } from "./transport.js";

/** A bridge message on the IPC channel: JSON-serialisable, tagged so other IPC traffic passes by. */
interface IpcMessage {
  [MESSAGE_TAG]: 1;
  channel: string;
  /** A string payload. */
  t?: string;
  /** A byte payload, base64 (IPC serialises as JSON). */
  b?: string;
}

const isBridgeMessage = (message: unknown): message is IpcMessage =>
  message !== null && typeof message === "object" && (message as IpcMessage)[MESSAGE_TAG] === 1;

const wrap = (channel: string, payload: Payload): IpcMessage => typeof payload === "string"
  ? { [MESSAGE_TAG]: 1, channel, t: payload }
  : { [MESSAGE_TAG]: 1, channel, b: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("base64") };

/** The payload inside; anything unexpected is passed on as it is, for the bridge's guard to refuse. */
const unwrap = (message: IpcMessage): unknown =>
  typeof message.t === "string" ? message.t : typeof message.b === "string" ? Buffer.from(message.b, "base64") : message;

/** The primary's own cluster bridges, by channel. */
const primarySinks = new Set<{ channel: string; sink: TransportSink }>();
let relayUsers = 0;

/** Sends `message` to every connected worker except `except`. */
function sendToWorkers(message: IpcMessage, except: Worker | null): void {
  for (const worker of Object.values(cluster.workers ?? {})) {
    if (worker === undefined || worker === except || !worker.isConnected()) continue;
    try {
      worker.send(message, (error: Error | null) => void error); // a worker going away loses the message
    } catch {
      // the channel closed between the check and the send
    }
  }
}

function relay(worker: Worker, message: unknown): void {
  if (!isBridgeMessage(message)) return;
  sendToWorkers(message, worker);
  for (const endpoint of primarySinks) if (endpoint.channel === message.channel) endpoint.sink.message(unwrap(message));
}

function startRelay(): void {
  if (relayUsers++ === 0) cluster.on("message", relay);
}

function stopRelay(): void {
  if (--relayUsers === 0) cluster.off("message", relay);
}

/**
 * Runs the relay in the primary without a bridge of its own (a primary that
 * only forks workers). Its `close()` stops it. In a worker it does nothing.
 */
export function clusterRelay(): { close(): void } {
  if (cluster.isWorker) return { close() {} };
  startRelay();
  let open = true;
  return {
    close() {
      if (open) stopRelay();
      open = false;
    },
  };
}

/** node:cluster IPC, relayed by the primary to every worker but the sender. */
export function clusterTransport(): Transport {
  return cluster.isWorker ? new WorkerTransport() : new PrimaryTransport();
}

/** In a worker: the IPC channel to the primary. */
class WorkerTransport implements Transport {
  readonly name = "cluster";
  #channel = "";
  #listeners: [string, (...args: any[]) => void][] = [];

  async open(channel: string, sink: TransportSink): Promise<void> {
    this.#channel = channel;
    const onMessage = (message: unknown) => {
      if (isBridgeMessage(message) && message.channel === channel) sink.message(unwrap(message));
    };
    const onDisconnect = () => sink.down(); // the primary is gone: no way back
    this.#listeners = [["message", onMessage], ["disconnect", onDisconnect]];
    for (const [event, listener] of this.#listeners) process.on(event, listener);
    if (process.connected) sink.up();
  }

  publish(payload: Payload): Promise<void> {
    return new Promise((resolve, reject) => {
      process.send!(wrap(this.#channel, payload), undefined, {}, (error: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    // Removing the 'message' listener also lets the IPC channel stop holding the process open.
    for (const [event, listener] of this.#listeners) process.off(event, listener);
    this.#listeners = [];
  }
}

/** In the primary (or a process outside any cluster): sends to every worker, hears them all through the relay. */
class PrimaryTransport implements Transport {
  readonly name = "cluster";
  #endpoint: { channel: string; sink: TransportSink } | null = null;

  async open(channel: string, sink: TransportSink): Promise<void> {
    this.#endpoint = { channel, sink };
    primarySinks.add(this.#endpoint);
    startRelay();
    sink.up();
  }

  publish(payload: Payload): void {
    sendToWorkers(wrap(this.#endpoint!.channel, payload), null);
  }

  async close(): Promise<void> {
    if (this.#endpoint === null) return;
    primarySinks.delete(this.#endpoint);
    this.#endpoint = null;
    stopRelay();
  }
}
