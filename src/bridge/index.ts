// wasm-events/bridge: the public API of §12. Export lists only.
export { bridge, remoteMessage } from "./bridge.js";
export type { Bridge, BridgedBus, BridgeErrorContext, BridgeGap, BridgeOptions, BridgeStats, RemoteMessage } from "./api.js";
export { ENVELOPE_VERSION, jsonCodec } from "./envelope.js";
export type { Codec, Envelope, MalformedReason } from "./envelope.js";
export type { OpenOptions, Payload, Replay, Transport, TransportSink } from "./transport.js";
export { redisTransport } from "./redis.js";
export type { RedisTransportOptions } from "./redis.js";
export { redisStreamsTransport } from "./redis-streams.js";
export type { RedisStreamsTransportOptions } from "./redis-streams.js";
export { natsTransport } from "./nats.js";
export type { NatsConnectionLike, NatsTransportOptions } from "./nats.js";
export { jetstreamTransport } from "./jetstream.js";
export type { JetstreamTransportOptions } from "./jetstream.js";
export { clusterRelay, clusterTransport } from "./cluster.js";
export { broadcastChannelTransport } from "./broadcast-channel.js";
