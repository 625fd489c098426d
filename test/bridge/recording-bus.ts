// A bus that records every dispatch of the bridged events: two modules and
// the core listen to each, so a record shows the listeners' order and what
// the remote markers said inside the first of them. Used by the peer
// processes and by the test process when it takes part itself.

import { EventBus } from "wasm-events";
import { remoteMessage, type Bridge } from "wasm-events/bridge";
import type { PeerRecord, TestEvent } from "./peers.js";

export interface RecordingBus {
  readonly bus: EventBus;
  readonly log: PeerRecord[];
  readonly states: { event: string; at: number }[];
  /** Every bridge.gap, in order. */
  readonly gaps: { sender: string; missed: number; at: number }[];
  /** The bridge whose isRemote() the records report. */
  bridge: Bridge | null;
  /** Generates `count` events `{ from, i, t, pad }` numbered from `start`, yielding now and then so the bridge publishes. */
  generate(event: string, from: string, count: number, options?: { start?: number; intervalMs?: number; pad?: number }): Promise<void>;
}

export function recordingBus(events: readonly string[]): RecordingBus {
  const bus = new EventBus();
  const modA = bus.loadModule("mod_a"); // loaded first: its listeners run after mod_b's
  const modB = bus.loadModule("mod_b");
  const recording: RecordingBus = {
    bus, log: [], states: [], gaps: [], bridge: null,
    async generate(event, from, count, options = {}) {
      const pad = "x".repeat(options.pad ?? 0);
      const start = options.start ?? 1;
      for (let i = start; i < start + count; i++) {
        const data: TestEvent = { from, i, t: Date.now(), pad };
        bus.generate(event, data);
        if (options.intervalMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
        else if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
  for (const event of events) {
    const record = (by: string) => (data: TestEvent | undefined) => {
      let entry = recording.log.at(-1);
      if (by === "mod_b" || entry === undefined || entry.event !== event || entry.from !== data?.from || entry.i !== data?.i) {
        entry = {
          event, from: data?.from, i: data?.i, t: data?.t, at: Date.now(), by: [],
          remote: recording.bridge?.isRemote() ?? false, remoteEvent: remoteMessage(bus)?.event ?? null,
          replayed: remoteMessage(bus)?.replayed ?? false,
        };
        recording.log.push(entry);
      }
      entry.by.push(by);
    };
    bus.register(modA, event, record("mod_a"));
    bus.register(modB, event, record("mod_b"));
    bus.register(null, event, record("core"));
  }
  for (const event of ["bridge.up", "bridge.down"]) {
    bus.register(null, event, () => { recording.states.push({ event, at: Date.now() }); });
  }
  bus.register(null, "bridge.gap", ({ sender, missed }: { sender: string; missed: number }) => {
    recording.gaps.push({ sender, missed, at: Date.now() });
  });
  return recording;
}
