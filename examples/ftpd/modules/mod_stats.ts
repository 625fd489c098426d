// mod_stats: counters over the life of the server, served by `SITE STATS`.
// Nothing here depends on the config, and the counts must survive restarts,
// so the counters are held in the permanent pool: these listeners never go
// stale and the module has nothing to do on core.restart. With a bridge, a
// ban made by another server counts as `remoteBans`, not `bans`.
//
// Every mod_auth event is counted through one pattern registration,
// `pattern("mod_auth.*")` (§13): an event mod_auth adds later is counted too,
// and the listener still takes mod_stats' place in each event's dispatch
// order (after mod_ban, before the core), as an exact registration would.

import { pattern } from "wasm-events";
import { remoteMessage } from "wasm-events/bridge";
import type { AuthenticationCode, ControlLine, DataChunk, FtpCommand, FtpdBus, TransferDone } from "../events.js";

/** What `SITE STATS` reports. */
interface Counters {
  sessions: number;
  logins: number;
  failedLogins: number;
  commands: number;
  unhandledCommands: number;
  idleTimeouts: number;
  bans: number;
  /** Bans made by other servers on the bridge. */
  remoteBans: number;
  filesSent: number;
  filesReceived: number;
  filesDeleted: number;
  bytesSent: number;
  bytesReceived: number;
  /** Per mod_auth event name, how many were generated. */
  readonly authEvents: Record<string, number>;
}

export function loadModStats(bus: FtpdBus): void {
  const mod = bus.loadModule("mod_stats");
  const counters = bus.permanentPool.hold<Counters>({
    sessions: 0, logins: 0, failedLogins: 0, commands: 0, unhandledCommands: 0, idleTimeouts: 0,
    bans: 0, remoteBans: 0, filesSent: 0, filesReceived: 0, filesDeleted: 0, bytesSent: 0, bytesReceived: 0,
    authEvents: {},
  });

  bus.register(mod, "ftpd.session-open", (_: unknown, c: Counters) => { c.sessions++; }, counters);
  bus.register(mod, "core.ctrl-read", (_: ControlLine, c: Counters) => { c.commands++; }, counters);
  bus.register(mod, "core.unhandled-command", (_: FtpCommand, c: Counters) => { c.unhandledCommands++; }, counters);
  bus.register(mod, "core.timeout-idle", (_: unknown, c: Counters) => { c.idleTimeouts++; }, counters);
  bus.register(mod, "mod_ban.ban-host", (_: unknown, c: Counters) => {
    if (remoteMessage(bus) === null) c.bans++;
    else c.remoteBans++;
  }, counters);
  bus.register(mod, "core.data-write", (chunk: DataChunk, c: Counters) => { c.bytesSent += chunk.bytes; }, counters);
  bus.register(mod, "core.data-read", (chunk: DataChunk, c: Counters) => { c.bytesReceived += chunk.bytes; }, counters);
  bus.register(mod, pattern("mod_auth.*"), (event, c: Counters, name) => {
    c.authEvents[name] = (c.authEvents[name] ?? 0) + 1;
    if (name !== "mod_auth.authentication-code") return;
    if ((event as AuthenticationCode).code === 0) c.logins++;
    else c.failedLogins++;
  }, counters);
  bus.register(mod, "ftpd.transfer-done", (event: TransferDone, c: Counters) => {
    if (!event.complete) return;
    if (event.direction === "o") c.filesSent++;
    else if (event.direction === "i") c.filesReceived++;
    else c.filesDeleted++;
  }, counters);

  // SITE is shared by every module that has a subcommand: take only STATS.
  bus.register(mod, "cmd.SITE", (cmd: FtpCommand, c: Counters) => {
    if (cmd.handled || cmd.arg.trim().toUpperCase() !== "STATS") return;
    const lines = Object.entries(c).flatMap(([name, value]) =>
      typeof value === "number" ? [`${name} ${value}`] : Object.entries(value).map(([event, n]) => `${event} ${n}`));
    cmd.reply(211, ["Server statistics:", ...lines, "End of statistics"]);
  }, counters);
}
