// The bridge's own cost, without a transport: how many events per second one
// bridge encodes and queues (a local generate of a bridged event, flushed to
// a transport that keeps the payloads), and how many another bridge guards
// and dispatches (the same payloads handed to its sink as a socket would).
//
//   node --import tsx bench/bridge/in-process.ts [--count 100000]

import { parseArgs } from "node:util";
import { EventBus } from "wasm-events";
import { bridge, type Payload, type Transport, type TransportSink } from "wasm-events/bridge";

const { values } = parseArgs({ options: { count: { type: "string", default: "100000" } } });
const count = Number(values.count);

/** A transport that keeps what it is given and lets the benchmark feed its sink. */
class Keeper implements Transport {
  readonly name = "keeper";
  readonly kept: Payload[] = [];
  sink: TransportSink | null = null;
  async open(_channel: string, sink: TransportSink): Promise<void> {
    this.sink = sink;
    sink.up();
  }
  publish(payload: Payload): void {
    this.kept.push(payload);
  }
  async close(): Promise<void> {}
}

const sender = new Keeper(), receiver = new Keeper();
const busA = new EventBus(), busB = new EventBus();
const a = bridge(busA, sender, { events: ["tick"], maxQueue: count, maxInFlight: count });
const b = bridge(busB, receiver, { events: ["tick"] });
await Promise.all([a.ready, b.ready]);
let dispatched = 0;
busB.register(null, "tick", () => { dispatched++; });

console.log(`Node ${process.version}, ${count.toLocaleString("en")} events per round`);
for (let round = 1; round <= 5; round++) {
  sender.kept.length = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) busA.generate("tick", { i, t: 1_796_162_097_409.123 });
  await new Promise((resolve) => setImmediate(resolve)); // the flush
  const t1 = performance.now();
  const wire = sender.kept.map((payload) => Buffer.from(payload as string)); // as a socket delivers them
  const t2 = performance.now();
  for (const payload of wire) receiver.sink!.message(payload);
  const t3 = performance.now();
  const rate = (ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString("en")}/s`;
  console.log(`round ${round}: encode and queue ${rate(t1 - t0)}, guard and dispatch ${rate(t3 - t2)}`);
}
if (dispatched !== 5 * count) throw new Error(`dispatched ${dispatched}, expected ${5 * count}`);
await Promise.all([a.close(), b.close()]);
