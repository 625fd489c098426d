// The server: owns the one EventBus, loads the modules, accepts connections
// and drives the lifecycle events (core.postparse, core.startup,
// core.restart, core.exit). Everything a module does, it does through the bus.
// With a bridge, the bans (mod_ban.ban-host, mod_ban.ban-list) cross to every
// server on the same broker and channel (README.md, "Several servers").

import { realpath } from "node:fs/promises";
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { EventBus, type EventBusOptions, type StaleInfo } from "wasm-events";
import {
  bridge, clusterTransport, jetstreamTransport, natsTransport, redisStreamsTransport, redisTransport, type Bridge, type Transport,
} from "wasm-events/bridge";
import { registerCoreCommands } from "./commands.js";
import { loadConfig, type ConfigOverrides } from "./config.js";
import type { FtpdBus, FtpdEvents } from "./events.js";
import { loadModAuth } from "./modules/mod_auth.js";
import { loadModBan } from "./modules/mod_ban.js";
import { loadModLog } from "./modules/mod_log.js";
import { loadModStats } from "./modules/mod_stats.js";
import { Session, type Settings } from "./session.js";

/** The events that cross between servers on a bridge. */
const BRIDGED_EVENTS = ["mod_ban.ban-host", "mod_ban.ban-list"] as const;

/**
 * Where bans are shared: a broker URL (`redis://`, `rediss://`, `nats://`;
 * `redis-streams://`, `nats-jetstream://` for the durable transports) or
 * `cluster` (node:cluster IPC).
 */
export interface BridgeSettings {
  url: string;
  /** The Redis channel or NATS subject. Default `ftpd`. */
  channel?: string;
}

/**
 * How far back a server starting on a durable transport replays the
 * channel: longer than any ban lasts in practice, so a server that starts
 * after a ban was issued (even when every other server is gone) learns it.
 * mod_ban ignores the bans that have expired since.
 */
const BAN_REPLAY_MS = 24 * 60 * 60 * 1000;

/** The transport for a `--bridge` URL; throws for a URL it does not know. */
function transportFor(url: string): Transport {
  if (url === "cluster") return clusterTransport();
  if (/^rediss?:\/\//.test(url)) return redisTransport({ url });
  if (/^nats:\/\//.test(url)) return natsTransport({ servers: url });
  if (/^redis-streams:\/\//.test(url)) return redisStreamsTransport({ url: url.replace(/^redis-streams:/, "redis:") });
  if (/^nats-jetstream:\/\//.test(url)) return jetstreamTransport({ servers: url.replace(/^nats-jetstream:/, "nats:") });
  throw new Error(`--bridge: expected redis://, nats://, redis-streams://, nats-jetstream://HOST:PORT or cluster, got '${url}'`);
}

/** The modules, in load order (the last loaded runs first, as in ProFTPD). */
const MODULES = ["mod_auth", "mod_log", "mod_stats", "mod_ban"] as const;
export type ModuleName = (typeof MODULES)[number];

interface FtpServerOptions {
  /** The config file; read at start() and again at every restart(). */
  configFile: string;
  /** Overrides the config's Port; 0 picks a free port (tests). */
  port?: number;
  /** Overrides the config's DefaultRoot. */
  root?: string;
  /** The address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Where the server's log lines go. Default: nowhere. */
  log?: (line: string) => void;
  /** Builds the bus (a benchmark passes one that counts events). */
  createBus?: (options: EventBusOptions) => FtpdBus;
  /** Test only: modules that "forget" to re-register on restart (see ModuleOptions). */
  forgetToReregister?: readonly ModuleName[];
  /** Shares bans with every server on this broker and channel. */
  bridge?: BridgeSettings;
}

/** A listener error the bus caught (the server keeps serving). */
interface ListenerError {
  readonly error: unknown;
  readonly event: string;
  readonly module: string | null;
}

export class FtpServer {
  /** The one bus: core and modules talk only through it. */
  readonly bus: FtpdBus;
  /** Every stale listener the bus reported (and removed without calling it). */
  readonly staleReports: StaleInfo[] = [];
  /** Every listener error the bus caught. */
  readonly listenerErrors: ListenerError[] = [];

  readonly #options: FtpServerOptions;
  readonly #overrides: ConfigOverrides;
  readonly #log: (line: string) => void;
  readonly #sessions = new Set<Session>();
  #settings: Settings | null = null;
  #net: Server | null = null;
  #bridge: Bridge | null = null;
  #nextSessionId = 1;
  /** Restarts run one at a time (two SIGHUPs in a row must not interleave). */
  #restarting: Promise<void> = Promise.resolve();

  constructor(options: FtpServerOptions) {
    this.#options = options;
    this.#overrides = { port: options.port, root: options.root };
    const log = (this.#log = options.log ?? (() => {}));
    const busOptions: EventBusOptions = {
      onError: (error, info) => {
        this.listenerErrors.push({ error, event: info.event, module: info.module });
        log(`listener of ${info.module ?? "the core"} for '${info.event}' failed: ${String(error)}`);
      },
      onStale: (info) => {
        this.staleReports.push(info);
        log(`stale listener of ${info.module ?? "the core"} for '${info.event}' (pool '${info.pool}' was destroyed): removed, not called`);
      },
    };
    this.bus = options.createBus?.(busOptions) ?? new EventBus<FtpdEvents>(busOptions);

    const forget = new Set(options.forgetToReregister ?? []);
    const moduleOptions = (name: ModuleName) => ({ log, forgetToReregister: forget.has(name) });
    loadModAuth(this.bus, moduleOptions("mod_auth"));
    loadModLog(this.bus, moduleOptions("mod_log"));
    loadModStats(this.bus);
    loadModBan(this.bus, moduleOptions("mod_ban"));
    registerCoreCommands(this.bus, options.host ?? "127.0.0.1");
    if (options.bridge !== undefined) {
      const where = `${options.bridge.url}, channel ${options.bridge.channel ?? "ftpd"}`;
      this.bus.register(null, "bridge.up", () => log(`bridge up (${where})`));
      this.bus.register(null, "bridge.down", () => log(`bridge down (${where}): serving on, bans shared again once it is back`));
      this.bus.register(null, "bridge.gap", ({ missed }) => log(`bridge gap (${where}): ${missed} message(s) missed, asking for the ban lists`));
    }
  }

  /** Reads the config, generates core.postparse, listens, generates core.startup. */
  async start(): Promise<void> {
    if (this.#net !== null) throw new Error("server already started");
    this.#settings = await this.#readSettings();
    this.bus.generate("core.postparse", this.#settings.config);
    const net = createNetServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      net.once("error", reject); // EADDRINUSE and the like: start() rejects
      net.listen(this.#settings!.config.port, this.#options.host ?? "127.0.0.1", () => {
        net.off("error", reject);
        resolve();
      });
    });
    net.on("error", (err) => this.#log(`listener error: ${String(err)}`));
    this.#net = net;
    const shared = this.#options.bridge;
    if (shared !== undefined) {
      // Not awaited: the server serves whether or not the broker is there; bans cross once it is.
      const transport = transportFor(shared.url);
      this.#bridge = bridge(this.bus, transport, {
        events: BRIDGED_EVENTS, channel: shared.channel ?? "ftpd",
        // On a stream, the bans issued before this server started come first.
        replay: transport.durable === true ? { since: BAN_REPLAY_MS } : undefined,
        onError: (error, context) => {
          if (context !== "transport") this.#log(`bridge: ${String(error)}`);
        },
      });
    }
    this.bus.generate("core.startup");
    this.#log(`listening on ${this.#options.host ?? "127.0.0.1"}:${this.port}, root ${this.#settings.config.root}`);
  }

  /** The port the server listens on (useful with port 0). */
  get port(): number {
    const address = this.#net?.address();
    return typeof address === "object" && address !== null ? address.port : 0;
  }

  /** Open sessions. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * Re-reads the config and restarts the bus, as ProFTPD does on SIGHUP:
   * core.restart (modules unregister their config-bound listeners), the
   * restart-scoped pools are destroyed, the new config is installed and
   * core.postparse lets modules register again. Connected sessions carry on
   * with the settings they logged in with; new logins get the new config.
   *
   * One difference from ProFTPD: the new file is parsed *before* anything is
   * torn down, so a broken config is reported (the promise rejects) and the
   * server keeps running on the old one. The port is not re-bound.
   */
  restart(): Promise<void> {
    const run = this.#restarting.then(async () => {
      const settings = await this.#readSettings();
      this.bus.restart();
      this.#settings = settings;
      this.bus.generate("core.postparse", settings.config);
      this.#log(`restarted (generation ${this.bus.generation}) with ${settings.config.file}`);
    });
    this.#restarting = run.catch(() => {});
    return run;
  }

  /** Generates core.exit, stops listening and ends every session. */
  async close(): Promise<void> {
    const net = this.#net;
    if (net === null) return;
    this.#net = null;
    this.bus.generate("core.exit");
    const closed = new Promise<void>((resolve) => net.close(() => resolve()));
    for (const session of this.#sessions) session.close(421, "Server shutting down");
    const ended = [...this.#sessions].map((s) => new Promise<void>((resolve) => {
      if (s.socket.destroyed) resolve();
      else s.socket.once("close", () => resolve());
    }));
    await Promise.all([closed, ...ended, this.#bridge?.close()]);
  }

  async #readSettings(): Promise<Settings> {
    const config = await loadConfig(this.#options.configFile, this.#overrides);
    // Resolved once per config: path checks compare real paths with this.
    const realRoot = await realpath(config.root);
    return { config, realRoot };
  }

  #accept(socket: Socket): void {
    const settings = this.#settings!;
    const session = new Session(this.#nextSessionId++, socket, {
      bus: this.bus,
      settings: () => this.#settings ?? settings,
      log: this.#log,
      closed: (s) => {
        this.#sessions.delete(s);
        this.bus.generate("ftpd.session-close", s);
      },
    });
    this.#sessions.add(session);
    const open = { session, refusal: null as string | null };
    this.bus.generate("ftpd.session-open", open);
    session.open(open.refusal);
  }
}

/** Creates (but does not start) a server. */
export function createServer(options: FtpServerOptions): FtpServer {
  return new FtpServer(options);
}
