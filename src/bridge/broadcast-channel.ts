// The BroadcastChannel transport, for worker_threads (and any host with
// BroadcastChannel): every thread of the process that opens a channel of the
// same name hears the others, never itself. The channel is unref'd, so an
// open bridge does not keep a process alive by itself.

import { MESSAGE_TAG, type Payload, type Transport, type TransportSink } from "./transport.js";
import { describe, EventsError } from "../bus/errors.js";

/** A bridge message on the broadcast channel, tagged with the bridge channel it belongs to. */
interface ChannelMessage {
  [MESSAGE_TAG]: 1;
  channel: string;
  payload: Payload;
}

/**
 * `BroadcastChannel` named `name` (default: the bridge's channel). Bridges
 * with other channels on the same name ignore each other's messages.
 */
export function broadcastChannelTransport(name?: string): Transport {
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    throw new EventsError("EINVAL", `broadcastChannelTransport: the name must be a non-empty string when given, received ${describe(name)}`);
  }
  return new BroadcastChannelTransport(name);
}

class BroadcastChannelTransport implements Transport {
  readonly name = "broadcast-channel";
  readonly #name: string | undefined;
  #port: BroadcastChannel | null = null;
  #channel = "";

  constructor(name: string | undefined) {
    this.#name = name;
  }

  async open(channel: string, sink: TransportSink): Promise<void> {
    const port = (this.#port = new BroadcastChannel(this.#name ?? channel));
    this.#channel = channel;
    // Node's BroadcastChannel has unref(); a browser's needs none.
    (port as { unref?: () => void }).unref?.();
    port.onmessage = (event: MessageEvent) => {
      const message = event.data as ChannelMessage | null;
      if (message === null || typeof message !== "object" || message[MESSAGE_TAG] !== 1) sink.message(message);
      else if (message.channel === channel) sink.message(message.payload);
    };
    // A message that cannot be deserialised here: the guard counts it as garbage.
    port.onmessageerror = () => sink.message(undefined);
    sink.up();
  }

  publish(payload: Payload): void {
    const message: ChannelMessage = { [MESSAGE_TAG]: 1, channel: this.#channel, payload };
    this.#port!.postMessage(message);
  }

  async close(): Promise<void> {
    this.#port?.close();
    this.#port = null;
  }
}
