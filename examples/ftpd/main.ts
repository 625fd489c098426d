// `npm run ftpd`: the command line. Starts a server (a demo one when no
// --config is given), restarts it on SIGHUP, and shuts it down cleanly on
// SIGINT/SIGTERM. With --bridge, bans are shared with every server on the
// same broker and channel; with --workers N, N node:cluster workers serve one
// port and share bans through the primary (or through --bridge when given).

import cluster, { type Worker } from "node:cluster";
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { clusterRelay } from "wasm-events/bridge";
import { createDemo, type DemoSetup } from "./demo.js";
import { hashPassword } from "./password.js";
import { createServer, type BridgeSettings } from "./server.js";

const USAGE = `usage: npm run ftpd [-- [--port N] [--root DIR] [--config FILE]
                        [--bridge URL] [--bridge-channel NAME] [--workers N]]
       npm run ftpd -- --hash-password PASSWORD

Without --config, serves a fresh demo directory on 127.0.0.1:2121 as user
demo, password demo. --port and --root override the config file.
--bridge redis://HOST:PORT or nats://HOST:PORT shares bans with every server
on that broker and --bridge-channel (default ftpd); redis-streams://HOST:PORT
or nats-jetstream://HOST:PORT keeps them in a stream, so a server that starts
later replays the bans issued before it. --workers N runs N
processes on one port (node:cluster) that share bans with each other.`;

/** What a worker tells the primary once it listens. */
interface Listening {
  ftpd: "listening";
  port: number;
}

/** The primary hands the workers the config file (the demo it made) through the environment. */
const WORKER_CONFIG = "WASM_EVENTS_FTPD_CONFIG";

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: "string" },
        root: { type: "string" },
        config: { type: "string" },
        bridge: { type: "string" },
        "bridge-channel": { type: "string" },
        workers: { type: "string" },
        "hash-password": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args["hash-password"] !== undefined) {
    console.log(await hashPassword(args["hash-password"]));
    return 0;
  }
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    console.error(`--port: expected a port number, got '${args.port}'`);
    return 2;
  }
  const workers = args.workers === undefined ? 0 : Number(args.workers);
  if (!(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
    console.error(`--workers: expected a number of processes from 1 to 64, got '${args.workers}'`);
    return 2;
  }
  if (args.bridge !== undefined && !/^(rediss?|nats|redis-streams|nats-jetstream):\/\/./.test(args.bridge)) {
    console.error(`--bridge: expected redis://, nats://, redis-streams:// or nats-jetstream://HOST:PORT, got '${args.bridge}'`);
    return 2;
  }
  if (args["bridge-channel"] === "") {
    console.error("--bridge-channel: expected a channel name");
    return 2;
  }
  const channel = args["bridge-channel"] ?? "ftpd";
  const bridgeUrl = args.bridge ?? (cluster.isWorker ? "cluster" : undefined);
  const options = {
    port, root: args.root, config: args.config ?? process.env[WORKER_CONFIG],
    bridge: bridgeUrl === undefined ? undefined : { url: bridgeUrl, channel },
  };
  if (workers > 0 && cluster.isPrimary) return runPrimary(workers, options);
  return runServer(options);
}

interface RunOptions {
  port: number | undefined;
  root: string | undefined;
  config: string | undefined;
  bridge: BridgeSettings | undefined;
}

/** One server: the whole process, or one cluster worker. */
async function runServer(options: RunOptions): Promise<number> {
  const prefix = cluster.isWorker ? `ftpd[${cluster.worker!.id}]` : "ftpd";
  const demo: DemoSetup | null = options.config === undefined ? await createDemo(options.root) : null;
  const server = createServer({
    configFile: options.config ?? demo!.configFile,
    port: options.port,
    root: options.root,
    bridge: options.bridge,
    log: (line) => console.log(`${prefix}: ${line}`),
  });
  try {
    await server.start();
  } catch (err) {
    console.error(`${prefix}: cannot start: ${(err as Error).message}`);
    if (demo !== null) await rm(demo.dir, { recursive: true, force: true });
    return 1;
  }

  if (cluster.isWorker) process.send!({ ftpd: "listening", port: server.port } satisfies Listening);
  else if (demo !== null) printDemo(demo, server.port, options.bridge);

  process.on("SIGHUP", () => {
    server.restart().catch((err: Error) => console.error(`${prefix}: restart failed, still running on the old config: ${err.message}`));
  });
  await new Promise<void>((resolve) => {
    // Ctrl-C reaches every process of the group, and the primary sends SIGTERM too: either ends it, once.
    process.on("SIGINT", resolve);
    process.on("SIGTERM", resolve);
    if (cluster.isWorker) process.once("disconnect", resolve); // the primary is gone
  });
  console.log(`${prefix}: shutting down`);
  await server.close();
  if (demo !== null) await rm(demo.dir, { recursive: true, force: true });
  if (cluster.isWorker) process.disconnect?.();
  return 0;
}

function printDemo(demo: DemoSetup, port: number, bridge: BridgeSettings | undefined, workers = 0): void {
  console.log(`
wasm-events ftpd is serving ${demo.root}
  on ftp://127.0.0.1:${port}  as user demo, password demo${workers > 0 ? `, with ${workers} worker processes` : ""}
  config ${demo.configFile} (edit it, then: kill -HUP ${process.pid})${bridge === undefined ? "" : `
  bans shared over ${bridge.url}, channel ${bridge.channel ?? "ftpd"}`}
  try it with basic-ftp (see examples/ftpd/README.md), or: curl ftp://demo:demo@127.0.0.1:${port}/welcome.txt
  Ctrl-C stops the server and removes the demo directory ${demo.dir}
`);
}

/**
 * The primary of --workers N: forks the workers (each a whole server on the
 * shared port), relays bans between them unless --bridge carries them, passes
 * SIGHUP on, replaces a worker that dies, and stops them all on SIGINT/SIGTERM.
 */
async function runPrimary(count: number, options: RunOptions): Promise<number> {
  const demo: DemoSetup | null = options.config === undefined ? await createDemo(options.root) : null;
  const relay = options.bridge === undefined ? clusterRelay() : null;
  let stopping = false;
  const ports: number[] = [];
  const fork = () => cluster.fork({ [WORKER_CONFIG]: options.config ?? demo!.configFile });
  cluster.on("message", (_worker: Worker, message: Partial<Listening>) => {
    if (message?.ftpd !== "listening") return;
    ports.push(message.port!);
    if (ports.length !== count) return;
    if (demo !== null) printDemo(demo, ports[0], options.bridge, count);
    console.log(`ftpd: ${count} workers listening on 127.0.0.1:${ports[0]}`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`ftpd: worker ${worker.id} died (${signal ?? code}); starting another`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();

  process.on("SIGHUP", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGHUP");
  });
  await new Promise<void>((resolve) => {
    // Set at once: with Ctrl-C the workers get SIGINT too, and their exits must not be taken for crashes.
    const stop = () => {
      stopping = true;
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  console.log("ftpd: shutting down the workers");
  const exits = Object.values(cluster.workers ?? {}).map((worker) => new Promise<void>((resolve) => {
    if (worker === undefined || worker.isDead()) return resolve();
    worker.once("exit", () => resolve());
    worker.process.kill("SIGTERM");
  }));
  await Promise.all(exits);
  relay?.close();
  if (demo !== null) await rm(demo.dir, { recursive: true, force: true });
  return 0;
}

process.exitCode = await main();
