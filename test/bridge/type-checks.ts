// Compile-time checks of wasm-events/bridge's public types. Never run:
// `tsc --noEmit` (tsconfig.json covers test/) fails if a line marked as an
// expected error compiles, or if a valid line does not.
import { EventBus } from "wasm-events";
import {
  bridge, broadcastChannelTransport, clusterTransport, jetstreamTransport, jsonCodec, natsTransport, redisStreamsTransport, redisTransport,
  remoteMessage, type Bridge, type BridgeGap, type BridgeStats, type Codec, type RemoteMessage, type Transport,
} from "wasm-events/bridge";

interface FtpEvents extends Record<string, unknown> {
  "mod_ban.ban-host": { host: string };
}

export async function bridgeTypes(): Promise<void> {
  const bus = new EventBus<FtpEvents>();
  const b: Bridge = bridge(bus, redisTransport({ url: "redis://127.0.0.1:6379" }), { events: ["mod_ban.ban-host"], channel: "ftpd" });
  await b.ready;
  const stats: BridgeStats = b.stats();
  const counts: number = stats.sent + stats.received + stats.dropped + stats.malformed + stats.malformedBy.garbage;
  void counts;
  const remote: RemoteMessage | null = remoteMessage(bus) ?? b.remote;
  const seq: number | undefined = remote?.seq;
  void seq;
  const isRemote: boolean = b.isRemote();
  void isRemote;
  const replayed: boolean | undefined = remote?.replayed;
  const gaps: number = stats.missed + stats.gaps + stats.resyncs;
  void replayed, gaps;
  bus.register(null, "bridge.gap", (gap: BridgeGap) => void (gap.channel + gap.sender + gap.missed));
  await b.close();

  const durable = bridge(bus, redisStreamsTransport({ url: "redis://127.0.0.1:6379", maxLen: 1_000 }), { events: ["mod_ban.ban-host"], replay: { last: 10 } });
  void bridge(bus, jetstreamTransport({ servers: "nats://127.0.0.1:4222", maxMessages: 1_000 }), { events: ["mod_ban.ban-host"], replay: { since: 60_000 }, maxGap: 10 });
  void durable;
  // @ts-expect-error replay is { last } or { since }
  bridge(bus, redisStreamsTransport({ url: "redis://127.0.0.1:6379" }), { events: ["mod_ban.ban-host"], replay: { first: 10 } });

  const transports: Transport[] = [
    redisTransport({ url: "redis://127.0.0.1:6379", library: "ioredis" }),
    natsTransport({ servers: ["nats://127.0.0.1:4222"] }),
    clusterTransport(),
    broadcastChannelTransport("workers"),
  ];
  void transports;
  const codec: Codec = { name: "json too", encode: jsonCodec.encode, decode: jsonCodec.decode };
  void codec;

  // @ts-expect-error the events to bridge are required
  bridge(bus, clusterTransport(), { channel: "x" });
  // @ts-expect-error events are names, not a single string
  bridge(bus, clusterTransport(), { events: "mod_ban.ban-host" });
  // @ts-expect-error a library is "redis" or "ioredis"
  redisTransport({ url: "redis://127.0.0.1:6379", library: "node-redis" });
  // @ts-expect-error natsTransport takes servers or a connection
  natsTransport({ url: "nats://127.0.0.1:4222" });
  // @ts-expect-error stats are read-only numbers, not a method to call with arguments
  b.stats(1);
}
