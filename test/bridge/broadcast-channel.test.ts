// §12 over BroadcastChannel, for worker_threads: the test's main thread and
// two worker threads, each with a bus of its own; and a process whose only
// open bridge is on a BroadcastChannel exits by itself (the channel is unref'd).

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import { bridge, broadcastChannelTransport, type Bridge } from "wasm-events/bridge";
import { eventually, numbersFrom, Peer, threadEndpoint, type PeerRecord } from "./peers.js";
import { recordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick"];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function expectAllFrom(log: readonly PeerRecord[], from: string, count: number, remote: boolean): void {
  expect(numbersFrom(log, from)).toEqual(range(1, count));
  for (const record of log.filter((r) => r.from === from)) {
    expect(record.by).toEqual(["mod_b", "mod_a", "core"]);
    expect(record.remote).toBe(remote);
  }
}

describe("§12 bridge over BroadcastChannel (worker_threads)", () => {
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.kill();
    for (const b of bridges.splice(0)) await b.close();
  });

  test("§12 events cross between threads in order per sender, never echoed, never re-published", async () => {
    const me = recordingBus(EVENTS);
    const b = (me.bridge = bridge(me.bus, broadcastChannelTransport(), { events: EVENTS, channel: "bc-test" }));
    bridges.push(b);
    // Same BroadcastChannel name, another bridge channel: it hears nothing of this one.
    const other = recordingBus(EVENTS);
    const elsewhere = (other.bridge = bridge(other.bus, broadcastChannelTransport("bc-test"), { events: EVENTS, channel: "elsewhere" }));
    bridges.push(elsewhere);
    await Promise.all([b.ready, elsewhere.ready]);
    const a = await Peer.open("A", { kind: "broadcast-channel" }, "bc-test", EVENTS, { start: threadEndpoint });
    const c = await Peer.open("C", { kind: "broadcast-channel" }, "bc-test", EVENTS, { start: threadEndpoint });
    peers.push(a, c);

    await Promise.all([a.generate("test.tick", 300), c.generate("test.tick", 200), me.generate("test.tick", "T", 100)]);
    await eventually(async () => me.log.length === 600 && (await a.report()).log.length === 600
      && (await c.report()).log.length === 600, 10_000, "every thread hears every other");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [ra, rc] = [await a.report(), await c.report()];
    for (const [who, log] of [["A", ra.log], ["C", rc.log], ["T", me.log]] as const) {
      expect(log).toHaveLength(600);
      for (const [from, count] of [["A", 300], ["C", 200], ["T", 100]] as const) expectAllFrom(log, from, count, from !== who);
    }
    expect(ra.stats).toMatchObject({ sent: 300, received: 300, echoes: 0, dropped: 0, malformed: 0 });
    expect(b.stats()).toMatchObject({ sent: 100, received: 500, echoes: 0, malformed: 0 });
    expect(other.log).toEqual([]);
    // Anything else on the BroadcastChannel is garbage to the guard, never a crash.
    const raw = new BroadcastChannel("bc-test");
    raw.postMessage("not a bridge message");
    raw.postMessage({ "wasm-events/bridge": 1, channel: "bc-test", payload: 42 });
    raw.close();
    await eventually(() => b.stats().malformed === 2, 5_000, "counted");
    expect(b.stats().malformedBy.garbage).toBe(2);
    // A thread exits once its bridge is closed and its port to the test is closed: the channel holds nothing open.
    expect(await a.close()).toBe(0);
    expect(await c.close()).toBe(0);
  });

  test("§12 an open BroadcastChannel bridge does not keep a process alive", async () => {
    const script = `
      import { EventBus } from "wasm-events";
      import { bridge, broadcastChannelTransport } from "wasm-events/bridge";
      const b = bridge(new EventBus(), broadcastChannelTransport(), { events: ["x"], channel: "unref-test" });
      await b.ready;
      console.log("ready", b.stats().up);
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    // 'close', not 'exit': only then has all of its output been read.
    const code = await new Promise((resolve) => child.once("close", (exitCode, signal) => resolve(exitCode ?? signal)));
    clearTimeout(timer);
    expect(out.trim()).toBe("ready true");
    expect(code).toBe(0); // not SIGKILL: it ended on its own, the bridge never closed
  });
});
