// Real brokers for the tests and the benchmarks: redis-server and
// nats-server (Debian packages, installed by .ci/run) on free loopback ports. One helper picks the port,
// starts the server, waits until it answers, and kills it by PID. With
// CI=true a missing server fails the tests that need it; elsewhere they are
// skipped with a note.

import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export type BrokerKind = "redis" | "nats";

const SERVERS: Record<BrokerKind, string> = { redis: "redis-server", nats: "nats-server" };
const isCI = process.env.CI === "true";

/** Where `binary` is: on PATH, or where Debian puts it (nats-server lives in /usr/sbin, not always on PATH). */
function locate(binary: string): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${binary}`], { encoding: "utf8" });
  if (found.status === 0) return found.stdout.trim();
  for (const dir of ["/usr/sbin", "/usr/bin", "/usr/local/bin"]) if (existsSync(join(dir, binary))) return join(dir, binary);
  return null;
}
const installed = (binary: string) => locate(binary) !== null;

/**
 * Whether the tests that need `kind` should run: true when the server is
 * installed, and always under CI=true (where a missing server must fail the
 * run, not skip it: {@link startBroker} then throws).
 */
export function brokerTestsRun(kind: BrokerKind): boolean {
  if (installed(SERVERS[kind])) return true;
  if (!isCI) console.warn(`${SERVERS[kind]} is not installed: skipping its tests (apt-get install -y ${SERVERS[kind]}; CI fails instead)`);
  return isCI;
}

/** A port nobody listens on now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const running = new Set<ChildProcess>();
// A safety net: no broker outlives the test process, whatever happened.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A broker process of the tests. */
export class Broker {
  readonly kind: BrokerKind;
  readonly port: number;
  readonly #args: readonly string[];
  readonly #dir: string;
  #child: ChildProcess | null = null;

  private constructor(kind: BrokerKind, port: number, args: readonly string[]) {
    this.kind = kind;
    this.port = port;
    this.#args = args;
    this.#dir = mkdtempSync(join(tmpdir(), `wasm-events-${kind}-`));
  }

  /**
   * Starts `kind` on a free port (or `port`) with extra server arguments;
   * resolves once it answers. `persistent`: what it stores survives a
   * SIGKILL and a restart (Redis: AOF, fsync'd on every write; NATS:
   * JetStream with file storage), in the broker's own temporary directory.
   */
  static async start(kind: BrokerKind, options: { port?: number; args?: readonly string[]; persistent?: boolean } = {}): Promise<Broker> {
    if (!installed(SERVERS[kind])) {
      throw new Error(`${SERVERS[kind]} is not installed: apt-get install -y ${SERVERS[kind]} (.ci/run does it)`);
    }
    const persistence = !options.persistent ? [] : kind === "redis" ? ["--appendonly", "yes", "--appendfsync", "always"] : ["-js"];
    const broker = new Broker(kind, options.port ?? (await freePort()), [...persistence, ...(options.args ?? [])]);
    await broker.#spawn();
    return broker;
  }

  /** `redis://127.0.0.1:PORT` or `nats://127.0.0.1:PORT`. */
  get url(): string {
    return `${this.kind}://127.0.0.1:${this.port}`;
  }

  async #spawn(): Promise<void> {
    const args = this.kind === "redis"
      ? ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", this.#dir, "--loglevel", "warning", ...this.#args]
      : ["-a", "127.0.0.1", "-p", String(this.port), "-sd", this.#dir, ...this.#args];
    const child = spawn(locate(SERVERS[this.kind])!, args, { stdio: "ignore" });
    running.add(child);
    this.#child = child;
    const exited = new Promise<never>((_, reject) => child.once("exit", (code) => {
      reject(new Error(`${SERVERS[this.kind]} on port ${this.port} exited with ${code} before it answered`));
    }));
    exited.catch(() => {});
    const deadline = Date.now() + 15_000;
    while (!(await Promise.race([answers(this.kind, this.port), exited]))) {
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`${SERVERS[this.kind]} on port ${this.port} did not answer within 15 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` (SIGKILL by default) to the server's PID and waits until it is gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    this.#child = null;
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      process.kill(child.pid!, signal);
      await gone;
    }
    running.delete(child);
  }

  /** Starts the server again on the same port. */
  async restart(): Promise<void> {
    if (this.#child !== null) throw new Error("the broker is still running");
    await this.#spawn();
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Whether the broker on `port` answers: Redis replies +PONG to PING, NATS greets with INFO. */
function answers(kind: BrokerKind, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let text = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1_000);
    socket.on("error", () => done(false));
    socket.on("connect", () => {
      if (kind === "redis") socket.write("PING\r\n");
    });
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (kind === "redis" ? text.startsWith("+PONG") : text.startsWith("INFO ")) done(true);
    });
  });
}

/** Runs redis-cli against `broker` and returns what it printed. */
export async function redisCli(broker: Broker, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(locate("redis-cli")!, ["-h", "127.0.0.1", "-p", String(broker.port), ...args]);
  return stdout;
}

/** `redis-cli -x PUBLISH channel` with `bytes` on its standard input as the message, byte for byte. */
export function redisCliPublish(broker: Broker, channel: string, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(locate("redis-cli")!, ["-h", "127.0.0.1", "-p", String(broker.port), "-x", "PUBLISH", channel], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("error", reject);
    // 'close', not 'exit': only then has all of its output been read.
    child.once("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`redis-cli exited with ${code}`))));
    child.stdin.end(bytes);
  });
}

/**
 * Publishes each of `messages` on `subject` byte for byte through a raw NATS
 * protocol connection (no client library), and resolves once the server has
 * processed them all (its PONG to a PING sent after them).
 */
export function natsPublishRaw(broker: Broker, subject: string, messages: readonly (Buffer | string)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: broker.port });
    let text = "";
    let sent = false;
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (!sent && text.includes("\r\n")) {
        sent = true;
        const parts: Buffer[] = [Buffer.from('CONNECT {"verbose":false,"pedantic":false}\r\n')];
        for (const message of messages) {
          const bytes = Buffer.from(message);
          parts.push(Buffer.from(`PUB ${subject} ${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
        }
        parts.push(Buffer.from("PING\r\n"));
        socket.write(Buffer.concat(parts));
      }
      if (text.includes("PONG\r\n")) {
        socket.end();
        resolve();
      } else if (text.includes("-ERR")) {
        socket.destroy();
        reject(new Error(`nats-server refused: ${text}`));
      }
    });
  });
}
