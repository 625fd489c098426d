// Shared fixtures for the ftpd tests: a server on an ephemeral port over a
// fresh temporary directory, basic-ftp clients, and a raw control-connection
// client for the input basic-ftp would never send.

import { Client } from "basic-ftp";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { connect as netConnect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { hashPassword } from "../../examples/ftpd/password.js";
import { createServer, type FtpServer, type ModuleName } from "../../examples/ftpd/server.js";

/** scrypt cost for tests: 2^4, so a hundred logins take milliseconds, not seconds. */
const TEST_LOG_N = 4;
const hashes = new Map<string, Promise<string>>();
/** A cheap hash of `password`, computed once per test file. */
export function testHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (hash === undefined) hashes.set(password, (hash = hashPassword(password, TEST_LOG_N)));
  return hash;
}

interface FixtureOptions {
  /** name → password; default alice/secret. */
  users?: Record<string, string>;
  /** Extra config directives (one per line). */
  directives?: string;
  forgetToReregister?: ModuleName[];
}

export interface Fixture {
  readonly server: FtpServer;
  /** The temporary directory: holds root/, ftpd.conf and xferlog. */
  readonly dir: string;
  readonly root: string;
  readonly configFile: string;
  readonly xferlog: string;
  readonly port: number;
  /** Rewrites the config file (for restarts). */
  writeConfig(options: FixtureOptions): Promise<void>;
  /** Closes the server and removes the directory. */
  dispose(): Promise<void>;
}

async function configText(dir: string, options: FixtureOptions): Promise<string> {
  const users = options.users ?? { alice: "secret" };
  const lines = [
    `DefaultRoot root`,
    `TransferLog xferlog`,
    `TimeoutNoTransfer 5`,
  ];
  for (const [name, password] of Object.entries(users)) lines.push(`AuthUser ${name} ${await testHash(password)}`);
  if (options.directives) lines.push(options.directives);
  return lines.join("\n") + "\n";
}

/** Starts a server on 127.0.0.1, port 0, over a fresh directory. */
export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "ftpd-test-"));
  const root = join(dir, "root");
  await mkdir(root);
  const configFile = join(dir, "ftpd.conf");
  await writeFile(configFile, await configText(dir, options));
  const server = createServer({ configFile, port: 0, forgetToReregister: options.forgetToReregister });
  await server.start();
  return {
    server, dir, root, configFile, xferlog: join(dir, "xferlog"), port: server.port,
    writeConfig: async (next) => writeFile(configFile, await configText(dir, next)),
    dispose: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A basic-ftp client logged in to the fixture. */
export async function login(fixture: Fixture, user = "alice", password = "secret"): Promise<Client> {
  // A generous inactivity timeout: the load test shares two cores with other jobs.
  const client = new Client(30_000);
  await client.access({ host: "127.0.0.1", port: fixture.port, user, password });
  return client;
}

/** A Writable that keeps what it receives (for downloadTo). */
export function collector(): { sink: Writable; bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/** One reply: its code and all its text lines. */
interface Reply {
  code: number;
  lines: string[];
}

/** A hand-driven control connection, for input no real client sends. */
export class RawClient {
  readonly #socket: Socket;
  #buffer = "";
  #waiting: (() => void) | null = null;
  #ended = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding("latin1");
    socket.on("data", (text: string) => {
      this.#buffer += text;
      this.#wake();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on("error", () => {});
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.();
  }

  /** Connects (optionally from another loopback address) and returns once connected. */
  static async open(port: number, localAddress?: string): Promise<RawClient> {
    return new RawClient(await connectTo(port, localAddress));
  }

  /** Connects, reads the greeting and logs in. */
  static async login(fixture: Fixture, user = "alice", password = "secret"): Promise<RawClient> {
    const raw = await RawClient.open(fixture.port);
    await raw.reply();
    await raw.command(`USER ${user}`);
    const reply = await raw.command(`PASS ${password}`);
    if (reply.code !== 230) throw new Error(`login failed: ${reply.code} ${reply.lines.join(" ")}`);
    return raw;
  }

  /** True once the server closed the connection. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Sends bytes as they are. */
  write(data: string | Buffer): void {
    this.#socket.write(data);
  }

  /** Sends `line` + CRLF and reads the reply. */
  async command(line: string): Promise<Reply> {
    this.write(line + "\r\n");
    return this.reply();
  }

  /** Reads the next complete reply (multi-line replies included); rejects if the server hangs up first. */
  async reply(): Promise<Reply> {
    for (;;) {
      const reply = this.#takeReply();
      if (reply !== null) return reply;
      if (this.#ended) throw new Error(`connection closed; unread: ${JSON.stringify(this.#buffer)}`);
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }

  /** Resolves once the server has closed the connection. */
  async closed(): Promise<void> {
    while (!this.#ended) await new Promise<void>((resolve) => (this.#waiting = resolve));
  }

  #takeReply(): Reply | null {
    const lines: string[] = [];
    let offset = 0;
    for (;;) {
      const end = this.#buffer.indexOf("\r\n", offset);
      if (end < 0) return null;
      const line = this.#buffer.slice(offset, end);
      offset = end + 2;
      lines.push(line);
      const match = /^(\d{3})([ -])/.exec(lines[0]);
      if (match === null) throw new Error(`malformed reply line: ${JSON.stringify(line)}`);
      if (line.startsWith(`${match[1]} `)) {
        this.#buffer = this.#buffer.slice(offset);
        return { code: Number(match[1]), lines };
      }
    }
  }

  /** Sends EPSV and returns the data port the server announced. */
  async epsv(): Promise<number> {
    const reply = await this.command("EPSV");
    const port = /\|\|\|(\d+)\|/.exec(reply.lines[0])?.[1];
    if (reply.code !== 229 || port === undefined) throw new Error(`EPSV failed: ${reply.lines.join(" ")}`);
    return Number(port);
  }

  /** Opens a passive data connection (EPSV) and returns its socket. */
  async openData(): Promise<Socket> {
    return connectTo(await this.epsv());
  }

  /** Stops reading from the socket (a client that never reads its replies). */
  stopReading(): void {
    this.#socket.pause();
  }

  /** Hangs up abruptly. */
  destroy(): void {
    this.#socket.destroy();
  }
}

/** A TCP connection to 127.0.0.1:`port`, once established. */
export function connectTo(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: "127.0.0.1", port, localAddress });
    socket.once("error", reject);
    socket.once("connect", () => resolve(socket));
  });
}

/** Polls `condition` every 20 ms until it holds; fails after `ms` (a deadline, not a timing assertion). */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met before the deadline");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
