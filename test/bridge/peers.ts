// The test side of test/bridge/peer.ts: starts peers (child processes,
// cluster workers or worker threads) and talks to them, one command and one
// reply at a time.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { BridgeOptions, BridgeStats, Codec } from "wasm-events/bridge";

/** The peer script, for `cluster.setupPrimary({ exec })` and the like. */
export const PEER_SCRIPT = fileURLToPath(new URL("./peer.ts", import.meta.url));

/** How the test reaches a peer, whatever it runs in. */
interface Endpoint {
  send(message: PeerCommand): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Sends a signal to the peer's process (not for threads). */
  signal(signal: NodeJS.Signals): void;
}

/** A child process with an IPC channel (from fork, or a cluster worker's `process`). */
export function processEndpoint(child: ChildProcess): Endpoint {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    send: (message) => child.send(message),
    onMessage: (listener) => child.on("message", listener),
    exited,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    },
  };
}

/** A worker thread of this process running the peer script. */
export function threadEndpoint(): Endpoint {
  // A thread does not take `--import tsx` from execArgv for its entry: register tsx first, then load the peer.
  const boot = `import { register } from "tsx/esm/api"; register(); await import(${JSON.stringify(new URL("./peer.ts", import.meta.url).href)});`;
  const worker = new Worker(boot, { eval: true }); // ESM syntax: Node runs the eval code as a module
  const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
  return {
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on("message", listener),
    exited,
    signal: () => void worker.terminate(),
  };
}

const forkPeer = () => processEndpoint(fork(PEER_SCRIPT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));

/** The data of every event the tests generate. */
export interface TestEvent {
  from: string;
  i: number;
  t: number;
  pad: string;
}

export type TransportSpec =
  | { kind: "redis"; url: string; library?: "redis" | "ioredis"; useClient?: boolean }
  | { kind: "redis-streams"; url: string; library?: "redis" | "ioredis"; maxLen?: number }
  | { kind: "jetstream"; servers: string; maxMessages?: number }
  | { kind: "nats"; servers: string; useConnection?: boolean }
  | { kind: "cluster" }
  | { kind: "broadcast-channel"; name?: string };

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
  /** `remoteMessage(bus)?.replayed` inside the first listener (false for a local event). */
  replayed: boolean;
}

/** A bridge.gap a peer saw. */
export interface GapRecord {
  sender: string;
  missed: number;
  at: number;
}

export type PeerCommand =
  | { op: "open"; name: string; transport: TransportSpec; channel: string; events: string[]; options?: Partial<BridgeOptions>; bytes?: boolean }
  | { op: "raw"; message: unknown }
  | { op: "generate"; event: string; count: number; start?: number; intervalMs?: number; pad?: number }
  | { op: "report" }
  | { op: "close" };

export type PeerReply =
  | { op: "hello" }
  | { op: "open"; id: string }
  | { op: "generate" }
  | { op: "raw" }
  | { op: "report"; log: PeerRecord[]; states: { event: string; at: number }[]; gaps: GapRecord[]; stats: BridgeStats }
  | { op: "close" }
  | { op: "error"; message: string };

export type Report = Extract<PeerReply, { op: "report" }>;

/** A peer: a recording bus with one bridge, in another process or thread. */
export class Peer {
  readonly name: string;
  readonly endpoint: Endpoint;
  id = "";
  #pending: { resolve: (reply: PeerReply) => void; reject: (error: Error) => void } | null = null;
  #exitCode: number | null | undefined;
  /** Resolves when the peer listens: a message sent before that could be lost while it loads. */
  readonly #hello: Promise<void>;

  private constructor(name: string, endpoint: Endpoint) {
    this.name = name;
    this.endpoint = endpoint;
    let hello!: () => void;
    this.#hello = new Promise((resolve) => (hello = resolve));
    endpoint.onMessage((message) => {
      const reply = message as PeerReply;
      if (reply?.op === "hello") return hello();
      const pending = this.#pending;
      if (pending === null || typeof reply?.op !== "string") return; // bridge traffic on a shared channel
      this.#pending = null;
      if (reply.op === "error") pending.reject(new Error(`${this.name}: ${reply.message}`));
      else pending.resolve(reply);
    });
    void endpoint.exited.then((code) => {
      this.#exitCode = code;
      this.#pending?.reject(new Error(`${this.name} exited`));
    });
  }

  /** Starts a peer (a child process unless `start` says otherwise) and opens its bridge; resolves once ready. */
  static async open(name: string, transport: TransportSpec, channel: string, events: string[],
    options: { bridge?: Partial<BridgeOptions>; start?: () => Endpoint; bytes?: boolean } = {}): Promise<Peer> {
    const peer = new Peer(name, (options.start ?? forkPeer)());
    await Promise.race([peer.#hello, peer.endpoint.exited.then(() => { throw new Error(`${name} exited before it listened`); })]);
    const reply = await peer.#call({ op: "open", name, transport, channel, events, options: options.bridge, bytes: options.bytes });
    peer.id = (reply as { id: string }).id;
    return peer;
  }

  #call(command: PeerCommand): Promise<PeerReply> {
    if (this.#pending !== null) throw new Error(`${this.name}: one command at a time`);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.endpoint.send(command);
    });
  }

  /** Generates `count` events `{ from, i, t, pad }` numbered from `start` (default 1). */
  async generate(event: string, count: number, options: { start?: number; intervalMs?: number; pad?: number } = {}): Promise<void> {
    await this.#call({ op: "generate", event, count, ...options });
  }

  /** Sends `message` as it is on the peer's IPC channel (to a cluster primary). */
  async raw(message: unknown): Promise<void> {
    await this.#call({ op: "raw", message });
  }

  async report(): Promise<Report> {
    return (await this.#call({ op: "report" })) as Report;
  }

  /** Closes the bridge, lets go of the channel to the test and waits for the peer to exit by itself. */
  async close(): Promise<number | null> {
    await this.#call({ op: "close" });
    return this.endpoint.exited;
  }

  /** SIGSTOP / SIGCONT / SIGKILL. */
  signal(signal: NodeJS.Signals): void {
    this.endpoint.signal(signal);
  }

  /** Kills the peer if it still runs (cleanup after a failed test). */
  async kill(): Promise<void> {
    // A command still waiting (a test that failed midway) is left pending, not rejected unhandled.
    this.#pending = null;
    if (this.#exitCode === undefined) {
      this.endpoint.signal("SIGKILL");
      await this.endpoint.exited;
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

/**
 * The size of each hole between consecutive `numbers` (in arrival order):
 * what a receiver should report as gaps. A hole before the first number
 * heard is no gap (a receiver vouches only for senders it has heard).
 */
export const holes = (numbers: readonly number[]): number[] =>
  numbers.flatMap((n, k) => (k > 0 && n > numbers[k - 1] + 1 ? [n - numbers[k - 1] - 1] : []));

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

/** JSON as bytes: a codec whose payloads are plain Uint8Arrays (not Buffers), for the byte paths of the transports. */
export const bytesCodec: Codec = {
  name: "json-bytes",
  encode: (envelope) => new TextEncoder().encode(JSON.stringify(envelope)),
  decode: (payload) => JSON.parse(typeof payload === "string" ? payload : new TextDecoder().decode(payload)),
};
