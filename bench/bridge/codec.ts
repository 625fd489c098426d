// Why the bridge's default codec is JSON: the default codec against msgpackr
// (the fastest MessagePack library on npm) on envelopes the size of real
// bridged events, encode then decode, with the bytes each puts on the wire.
//
//   node --import tsx bench/bridge/codec.ts

import { Packr } from "msgpackr";
import { Bench } from "tinybench";
import { jsonCodec, type Codec, type Envelope } from "wasm-events/bridge";

// Records off: plain MessagePack, which any other process or language can read, as JSON can.
const packr = new Packr({ useRecords: false });
const msgpackr: Codec = { name: "msgpackr", encode: (e) => packr.pack(e), decode: (p) => packr.unpack(p as Uint8Array) };

const envelopes: Record<string, Envelope> = {
  "ban (4 fields)": {
    v: 1, s: "k3Jd8Qm2XbV7nPq1RtZ0aA", n: 1234,
    e: "mod_ban.ban-host", d: { host: "203.0.113.7", reason: "LoginFailed", expires: 1_796_162_097_409, message: "Host 203.0.113.7 has been banned" },
  },
  "tick (2 numbers)": { v: 1, s: "k3Jd8Qm2XbV7nPq1RtZ0aA", n: 99, e: "bench.tick", d: { i: 99, t: 1_796_162_097_409.123 } },
  "cache invalidation (20 keys)": {
    v: 1, s: "k3Jd8Qm2XbV7nPq1RtZ0aA", n: 7, e: "cache.invalidate",
    d: { keys: Array.from({ length: 20 }, (_, k) => `user:${1000 + k}:profile`), at: 1_796_162_097_409 },
  },
};

const bench = new Bench({ time: 400, warmupTime: 100 });
for (const [name, envelope] of Object.entries(envelopes)) {
  for (const codec of [jsonCodec, msgpackr]) {
    // As the bridge uses it: the receiver decodes the bytes a socket delivered.
    const wire = (payload: string | Uint8Array) => (typeof payload === "string" ? Buffer.from(payload) : payload);
    bench.add(`${name} ${codec.name}`, () => {
      codec.decode(wire(codec.encode(envelope)));
    });
  }
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const [name, codecName] = [task.name.slice(0, task.name.lastIndexOf(" ")), task.name.slice(task.name.lastIndexOf(" ") + 1)];
  const codec = codecName === "json" ? jsonCodec : msgpackr;
  const encoded = codec.encode(envelopes[name]);
  const bytes = typeof encoded === "string" ? Buffer.byteLength(encoded) : encoded.byteLength;
  const hz = task.result && "throughput" in task.result ? task.result.throughput.mean : 0;
  return `| ${name} | ${codecName} | ${bytes} | ${(hz / 1000).toFixed(0)} k |`;
});
console.log(`Node ${process.version}, encode + decode per second (tinybench, one process)\n`);
console.log("| envelope | codec | bytes | round trips/s |\n|---|---|---:|---:|");
console.log(rows.join("\n"));
