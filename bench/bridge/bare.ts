// The bare broker clients the bridge benchmark compares the bridge with: the
// same small JSON events published and subscribed with node-redis pub/sub
// and @nats-io/transport-node directly, no bus, no bridge, no envelope.
// What the bridge adds on top of a transport is the difference.

export type BareKind = "redis-bare" | "nats-bare";

export interface BareClient {
  publish(text: string): void | Promise<unknown>;
  close(): Promise<void>;
}

/** Connects to `url` and, when `onMessage` is given, subscribes to `channel` first. */
export async function openBare(kind: BareKind, url: string, channel: string, onMessage?: (text: string) => void): Promise<BareClient> {
  if (kind === "redis-bare") {
    const { createClient } = await import("redis");
    const publisher = createClient({ url });
    await publisher.connect();
    const subscriber = onMessage === undefined ? null : publisher.duplicate();
    if (subscriber !== null) {
      await subscriber.connect();
      await subscriber.subscribe(channel, (message: string) => onMessage!(message));
    }
    return {
      publish: (text) => publisher.publish(channel, text),
      async close() {
        subscriber?.destroy();
        publisher.destroy();
      },
    };
  }
  const { connect } = await import("@nats-io/transport-node");
  const connection = await connect({ servers: url });
  if (onMessage !== undefined) {
    connection.subscribe(channel, { callback: (_error, message) => onMessage(message.string()) });
    await connection.flush();
  }
  return {
    publish: (text) => connection.publish(channel, text),
    close: () => connection.close(),
  };
}
