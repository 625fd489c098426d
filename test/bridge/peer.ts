// A bridge peer in a process (or worker thread) of its own, driven by a test
// over IPC or the thread's port (test/bridge/peers.ts starts it): a
// recording bus (recording-bus.ts) and one bridge, whose records, up/down
// events and stats the test asks for.

import { parentPort } from "node:worker_threads";
import {
  bridge, broadcastChannelTransport, clusterTransport, jetstreamTransport, natsTransport, redisStreamsTransport, redisTransport,
  type Bridge, type Transport,
} from "wasm-events/bridge";
import { bytesCodec, type PeerCommand, type PeerReply, type TransportSpec } from "./peers.js";
import { recordingBus, type RecordingBus } from "./recording-bus.js";

let recording: RecordingBus | null = null;
let current: Bridge | null = null;
let name = `peer-${process.pid}`;
/** Closes the client the test handed to the transport (the transport leaves it open). */
let closeClient: () => Promise<unknown> | void = () => {};

const send = (reply: PeerReply) => (parentPort ? parentPort.postMessage(reply) : process.send!(reply));

async function transportFor(spec: TransportSpec): Promise<Transport> {
  if (spec.kind === "cluster") return clusterTransport();
  if (spec.kind === "broadcast-channel") return broadcastChannelTransport(spec.name);
  if (spec.kind === "redis-streams") return redisStreamsTransport({ url: spec.url, library: spec.library, maxLen: spec.maxLen });
  if (spec.kind === "jetstream") return jetstreamTransport({ servers: spec.servers, maxMessages: spec.maxMessages });
  if (spec.kind === "redis") {
    if (!spec.useClient) return redisTransport({ url: spec.url, library: spec.library });
    if (spec.library === "ioredis") {
      const { Redis } = await import("ioredis");
      const client = new Redis(spec.url);
      client.on("error", () => {});
      closeClient = () => client.disconnect();
      return redisTransport({ client });
    }
    const { createClient } = await import("redis");
    const client = createClient({ url: spec.url });
    client.on("error", () => {});
    await client.connect();
    closeClient = () => client.close();
    return redisTransport({ client });
  }
  if (!spec.useConnection) return natsTransport({ servers: spec.servers });
  const { connect } = await import("@nats-io/transport-node");
  const connection = await connect({ servers: spec.servers, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  closeClient = () => connection.close();
  return natsTransport({ connection });
}

async function onCommand(command: PeerCommand): Promise<void> {
  if (typeof command?.op !== "string") return; // bridge traffic on the cluster IPC channel
  try {
    switch (command.op) {
      case "open": {
        name = command.name;
        recording = recordingBus(command.events);
        current = bridge(recording.bus, await transportFor(command.transport), {
          events: command.events, channel: command.channel, ...command.options, ...(command.bytes ? { codec: bytesCodec } : {}),
        });
        recording.bridge = current;
        await current.ready;
        send({ op: "open", id: current.id });
        break;
      }
      case "raw":
        process.send!(command.message);
        send({ op: "raw" });
        break;
      case "generate":
        await recording!.generate(command.event, name, command.count, command);
        send({ op: "generate" });
        break;
      case "report":
        send({ op: "report", log: recording!.log, states: recording!.states, gaps: recording!.gaps, stats: current!.stats() });
        break;
      case "close":
        await current?.close();
        await closeClient();
        send({ op: "close" });
        // Nothing else keeps this process (or thread) alive: with its channel to the test gone it must exit by itself.
        if (parentPort) parentPort.close();
        else process.disconnect();
        break;
    }
  } catch (error) {
    send({ op: "error", message: String((error as Error)?.stack ?? error) });
  }
}

if (parentPort) parentPort.on("message", onCommand);
else process.on("message", onCommand);
send({ op: "hello" });
