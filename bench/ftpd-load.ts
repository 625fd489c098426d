// Load scenario for examples/ftpd: many basic-ftp sessions, `concurrency` at a
// time, each logging in, listing and downloading a file, against a server in
// this process. Reports sessions/s and the bus's events/s (every generate,
// counted by a bus subclass the server is built with).
//
//   node --import tsx bench/ftpd-load.ts [--sessions 1000] [--concurrency 100]
//        [--file-kib 1024] [--log-n 4] [--json]
//
// Client and server share one process (and its cores), so the figures are a
// floor for the server alone. --log-n sets the scrypt cost of the test user's
// hash (2^N); the default 4 keeps password hashing out of the measurement,
// --log-n 14 is what `npm run ftpd --hash-password` uses.

import { Client } from "basic-ftp";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { EventBus, type EventBusOptions, type EventData } from "wasm-events";
import type { FtpdEvents } from "../examples/ftpd/events.js";
import { hashPassword } from "../examples/ftpd/password.js";
import { createServer } from "../examples/ftpd/server.js";

/** The server's bus, counting every generate (core's and modules' alike). */
class CountingBus extends EventBus<FtpdEvents> {
  generated = 0;
  override generate<K extends keyof FtpdEvents & string>(event: K, eventData?: EventData<FtpdEvents, K>): void {
    this.generated++;
    // (Typed as the implementation: generate's public signature takes the data as a rest tuple.)
    (super.generate as (event: string, eventData?: unknown) => void).call(this, event, eventData);
  }
}

const { values: args } = parseArgs({
  options: {
    sessions: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "100" },
    "file-kib": { type: "string", default: "1024" },
    "log-n": { type: "string", default: "4" },
    json: { type: "boolean", default: false },
  },
});
const sessions = Number(args.sessions);
const concurrency = Number(args.concurrency);
const fileBytes = Number(args["file-kib"]) * 1024;
const logN = Number(args["log-n"]);
for (const [name, value] of Object.entries({ sessions, concurrency, fileBytes, logN })) {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name}: expected a positive integer`);
}

/** A Writable that only counts, so the client side costs as little as possible. */
function counter(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

/** One session: login, LIST, RETR, QUIT. */
async function oneSession(port: number): Promise<void> {
  const client = new Client(30_000);
  try {
    await client.access({ host: "127.0.0.1", port, user: "load", password: "load" });
    await client.list();
    const received = counter();
    await client.downloadTo(received.sink, "file.bin");
    if (received.bytes() !== fileBytes) throw new Error(`downloaded ${received.bytes()} of ${fileBytes} bytes`);
  } finally {
    client.close();
  }
}

/** Runs `total` sessions, at most `parallel` at once. */
async function runSessions(port: number, total: number, parallel: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await oneSession(port);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, worker));
}

const dir = await mkdtemp(join(tmpdir(), "ftpd-load-"));
let bus: CountingBus | null = null;
const server = createServer({
  configFile: join(dir, "ftpd.conf"),
  port: 0,
  createBus: (options: EventBusOptions) => (bus = new CountingBus(options)),
});
try {
  await mkdir(join(dir, "root"));
  await writeFile(join(dir, "root", "file.bin"), randomBytes(fileBytes));
  await writeFile(join(dir, "ftpd.conf"),
    `DefaultRoot root\nTransferLog xferlog\nAuthUser load ${await hashPassword("load", logN)}\n`);
  await server.start();

  process.stderr.write(`warming up (${concurrency} sessions)...\n`);
  await runSessions(server.port, concurrency, concurrency);
  process.stderr.write(`measuring ${sessions} sessions, ${concurrency} at a time...\n`);
  const eventsBefore = bus!.generated;
  const start = process.hrtime.bigint();
  await runSessions(server.port, sessions, concurrency);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const events = bus!.generated - eventsBefore;

  const result = {
    sessions, concurrency, fileKiB: fileBytes / 1024, scryptLogN: logN, seconds: Number(seconds.toFixed(3)),
    sessionsPerSecond: Math.round(sessions / seconds),
    eventsPerSecond: Math.round(events / seconds),
    eventsPerSession: Math.round(events / sessions),
    downloadMiBPerSecond: Math.round((sessions * fileBytes) / 1024 / 1024 / seconds),
    listenerErrors: server.listenerErrors.length,
    node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length,
    date: new Date().toISOString().slice(0, 10),
  };
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`ftpd load: ${sessions} sessions (login, LIST, RETR ${result.fileKiB} KiB, QUIT), ${concurrency} concurrent`);
    console.log(`  ${result.sessionsPerSecond} sessions/s, ${result.eventsPerSecond} events/s `
      + `(${result.eventsPerSession} events/session), ${result.downloadMiBPerSecond} MiB/s downloaded, ${result.seconds} s`);
    console.log(`  listener errors: ${result.listenerErrors}; ${result.node}, ${result.cores} x ${result.cpu}, ${result.date}`);
  }
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
