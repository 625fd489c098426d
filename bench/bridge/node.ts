// One participant of the bridge benchmark (bench/bridge/run.ts starts it as
// a child process, a cluster worker or a worker thread): a bus with one
// bridge, as the publisher or as a subscriber. Events carry the time they
// were generated (performance.timeOrigin + performance.now(), comparable
// across processes of one machine); a subscriber keeps each event's latency.

import { parentPort } from "node:worker_threads";
import { EventBus } from "wasm-events";
import {
  bridge, broadcastChannelTransport, clusterTransport, jetstreamTransport, natsTransport, redisStreamsTransport, redisTransport, type Transport,
} from "wasm-events/bridge";
import { openBare, type BareClient, type BareKind } from "./bare.js";

export type BenchTransport = "redis" | "nats" | "cluster" | "broadcast-channel" | "redis-streams" | "jetstream" | BareKind;

export type BenchCommand =
  | { op: "open"; role: "publisher" | "subscriber"; transport: BenchTransport; url?: string; channel: string; count: number }
  | { op: "publish"; count: number; batch: number; pauseMs: number }
  | { op: "close" };

export type BenchReply =
  | { op: "hello" }
  | { op: "ready" }
  | { op: "published"; startedAt: number; endedAt: number; dropped: number }
  | { op: "received"; count: number; lastAt: number; latencies: number[] }
  | { op: "closed" }
  | { op: "error"; message: string };

const EVENT = "bench.tick";
const now = () => performance.timeOrigin + performance.now();
const send = (reply: BenchReply) => (parentPort ? parentPort.postMessage(reply) : process.send!(reply));

function transportFor(kind: Exclude<BenchTransport, BareKind>, url: string | undefined): Transport {
  switch (kind) {
    case "redis": return redisTransport({ url: url! });
    case "nats": return natsTransport({ servers: url! });
    case "cluster": return clusterTransport();
    case "broadcast-channel": return broadcastChannelTransport();
    case "redis-streams": return redisStreamsTransport({ url: url!, maxLen: 200_000 });
    case "jetstream": return jetstreamTransport({ servers: url!, maxMessages: 200_000 });
  }
}

const isBare = (kind: BenchTransport): kind is BareKind => kind.endsWith("-bare");

const bus = new EventBus();
let current: ReturnType<typeof bridge> | null = null;
/** The client of a bare run (no bus, no bridge), with the publishes not yet confirmed. */
let bare: BareClient | null = null;
const pending = new Set<Promise<unknown>>();

async function onCommand(command: BenchCommand): Promise<void> {
  if (typeof command?.op !== "string") return; // bridge traffic on the cluster IPC channel
  try {
    if (command.op === "open") {
      let record: ((data: { t: number }) => void) | undefined;
      if (command.role === "subscriber") {
        // Latencies in microseconds, kept in a preallocated array: no allocation per event.
        const latencies = new Float64Array(command.count);
        let received = 0;
        record = (data) => {
          latencies[received++] = (now() - data.t) * 1000;
          if (received === command.count) send({ op: "received", count: received, lastAt: now(), latencies: [...latencies] });
        };
        bus.register(null, EVENT, record);
      }
      if (isBare(command.transport)) {
        bare = await openBare(command.transport, command.url!, command.channel, record && ((text) => record!(JSON.parse(text))));
        send({ op: "ready" });
        return;
      }
      // A queue large enough that a publisher running flat out loses nothing.
      current = bridge(bus, transportFor(command.transport, command.url), {
        events: [EVENT], channel: command.channel, maxQueue: 200_000,
      });
      await current.ready;
      send({ op: "ready" });
    } else if (command.op === "publish") {
      const startedAt = now();
      for (let i = 0; i < command.count; i++) {
        if (bare !== null) {
          const sent = bare.publish(JSON.stringify({ i, t: now() }));
          if (sent !== undefined) {
            pending.add(sent);
            void sent.finally(() => pending.delete(sent));
          }
        } else bus.generate(EVENT, { i, t: now() });
        if ((i + 1) % command.batch === 0) {
          await new Promise((resolve) => (command.pauseMs > 0 ? setTimeout(resolve, command.pauseMs) : setImmediate(resolve)));
        }
      }
      // Wait until the bridge (or the bare client) has handed everything to the broker.
      if (bare !== null) await Promise.all(pending);
      else while (current!.stats().queued + current!.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      send({ op: "published", startedAt, endedAt: now(), dropped: current?.stats().dropped ?? 0 });
    } else if (command.op === "close") {
      await current?.close();
      await bare?.close();
      send({ op: "closed" });
      if (parentPort) parentPort.close();
      else process.disconnect();
    }
  } catch (error) {
    send({ op: "error", message: String((error as Error)?.stack ?? error) });
  }
}

if (parentPort) parentPort.on("message", onCommand);
else process.on("message", onCommand);
send({ op: "hello" });
