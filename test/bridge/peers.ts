// The test side of test/bridge/peer.ts: starts peers as child processes and
// talks to them over IPC, one command and one reply at a time.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BridgeOptions, BridgeStats } from "wasm-events/bridge";

const PEER = fileURLToPath(new URL("./peer.ts", import.meta.url));

/** The data of every event the tests generate. */
export interface TestEvent {
  from: string;
  i: number;
  t: number;
  pad: string;
}

export type TransportSpec =
  | { kind: "redis"; url: string; library?: "redis" | "ioredis"; useClient?: boolean }
  | { kind: "nats"; servers: string; useConnection?: boolean };

/** One dispatch seen by a peer: which listeners ran, in order, and what the remote marker said. */
export interface PeerRecord {
  event: string;
  from: string | undefined;
  i: number | undefined;
  /** When the sender generated it (`data.t`), and when this process dispatched it. */
  t: number | undefined;
  at: number;
  by: string[];
  /** `bridge.isRemote()` inside the first listener. */
  remote: boolean;
  /** `remoteMessage(bus)?.event` inside the first listener. */
  remoteEvent: string | null;
}

export type PeerCommand =
  | { op: "open"; name: string; transport: TransportSpec; channel: string; events: string[]; options?: Partial<BridgeOptions> }
  | { op: "generate"; event: string; count: number; start?: number; intervalMs?: number; pad?: number }
  | { op: "report" }
  | { op: "close" };

export type PeerReply =
  | { op: "open"; id: string }
  | { op: "generate" }
  | { op: "report"; log: PeerRecord[]; states: { event: string; at: number }[]; stats: BridgeStats }
  | { op: "close" }
  | { op: "error"; message: string };

export type Report = Extract<PeerReply, { op: "report" }>;

/** A peer process. */
export class Peer {
  readonly name: string;
  readonly child: ChildProcess;
  id = "";
  readonly #exited: Promise<number | null>;
  #pending: { op: string; resolve: (reply: PeerReply) => void; reject: (error: Error) => void } | null = null;

  private constructor(name: string) {
    this.name = name;
    this.child = fork(PEER, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.#exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.child.on("message", (reply: PeerReply) => {
      const pending = this.#pending;
      this.#pending = null;
      if (pending === null) return;
      if (reply.op === "error") pending.reject(new Error(`${this.name}: ${reply.message}`));
      else pending.resolve(reply);
    });
    this.child.once("exit", () => this.#pending?.reject(new Error(`${this.name} exited`)));
  }

  /** Starts a peer and opens its bridge; resolves once the bridge is ready. */
  static async open(name: string, transport: TransportSpec, channel: string, events: string[], options?: Partial<BridgeOptions>): Promise<Peer> {
    const peer = new Peer(name);
    const reply = await peer.#call({ op: "open", name, transport, channel, events, options });
    peer.id = (reply as { id: string }).id;
    return peer;
  }

  #call(command: PeerCommand): Promise<PeerReply> {
    if (this.#pending !== null) throw new Error(`${this.name}: one command at a time`);
    return new Promise((resolve, reject) => {
      this.#pending = { op: command.op, resolve, reject };
      this.child.send(command);
    });
  }

  /** Generates `count` events `{ from, i, t, pad }` numbered from `start` (default 1). */
  async generate(event: string, count: number, options: { start?: number; intervalMs?: number; pad?: number } = {}): Promise<void> {
    await this.#call({ op: "generate", event, count, ...options });
  }

  async report(): Promise<Report> {
    return (await this.#call({ op: "report" })) as Report;
  }

  /** Closes the bridge, lets go of the IPC channel and waits for the process to exit by itself. */
  async close(): Promise<number | null> {
    await this.#call({ op: "close" });
    return this.#exited;
  }

  /** SIGSTOP / SIGCONT / SIGKILL. */
  signal(signal: NodeJS.Signals): void {
    process.kill(this.child.pid!, signal);
  }

  /** Kills the process if it still runs (cleanup after a failed test). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
      await this.#exited;
    }
  }
}

/** Polls `condition` every 20 ms until it holds; fails after `ms` (a deadline, not a timing assertion). */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The `i` of the records of `event` from `from`, in arrival order. */
export const numbersFrom = (log: readonly PeerRecord[], from: string, event = "test.tick"): number[] =>
  log.filter((r) => r.event === event && r.from === from).map((r) => r.i!);

/** Whether `numbers` strictly increase (in order, no duplicate). */
export const strictlyIncreasing = (numbers: readonly number[]): boolean => numbers.every((n, k) => k === 0 || n > numbers[k - 1]);

/** The bridge.down / bridge.up sequence of a report, as event names. */
export const stateNames = (states: readonly { event: string }[]): string[] => states.map((s) => s.event);

/**
 * The numbers `sent` (the sender's own records: every event it generated)
 * missing from `received`, with the time each was generated.
 */
export function lost(sent: readonly PeerRecord[], received: readonly PeerRecord[]): { i: number; t: number }[] {
  const got = new Set(received.map((r) => r.i));
  return sent.filter((r) => !got.has(r.i)).map((r) => ({ i: r.i!, t: r.t! }));
}
