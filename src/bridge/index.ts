// wasm-events/bridge: the public API of SPEC §12. Export lists only.
export { bridge, remoteMessage } from "./bridge.js";
export type { Bridge, BridgedBus, BridgeErrorContext, BridgeGap, BridgeOptions, BridgeStats, RemoteMessage } from "./api.js";
export { ENVELOPE_VERSION, jsonCodec } from "./envelope.js";
export type { Codec, Envelope, MalformedReason } from "./envelope.js";
export type { Payload, Transport, TransportSink } from "./transport.js";
export { redisTransport } from "./redis.js";
export type { RedisTransportOptions } from "./redis.js";
export { natsTransport } from "./nats.js";
export type { NatsConnectionLike, NatsTransportOptions } from "./nats.js";
export { clusterRelay, clusterTransport } from "./cluster.js";
export { broadcastChannelTransport } from "./broadcast-channel.js";
