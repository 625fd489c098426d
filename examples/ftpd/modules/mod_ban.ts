// mod_ban: BanOnEvent rules, as ProFTPD's mod_ban. Each rule counts one kind
// of event per host; `threshold` of them within the window ban the host for
// the rule's duration: mod_ban.ban-host is generated, the offending session is
// closed, and new connections from the host are refused until the ban ends.
//
// Banned users (`BanUserFile`): the file is read again at every login, so an
// operator bans a user by editing it, without a restart. The read is
// asynchronous, and mod_auth awaits it (mod_auth.pre-login, generateAsync)
// before it sends 230: a banned user gets the refusal, never a login.
//
// Two lifetimes, two pools:
// - each rule object (with its per-host counters) is user data held in a
//   restart-scoped pool, the way ProFTPD's BanOnEvent allocates its event
//   entry from ban_pool: a restart destroys the pool, the rule listeners are
//   unregistered and registered again with the rules of the new config;
// - the ban list survives restarts (ProFTPD keeps it in shared memory), so it
//   is held in the permanent pool.
//
// Across servers (examples/ftpd/README.md, "Several servers"): with a bridge,
// mod_ban.ban-host crosses to every server on the channel, and each adds the
// ban to its own list. After every bridge.up (the first connection and each
// return from an outage) mod_ban re-sends its whole list as mod_ban.ban-list
// with `request: true`, and every server that hears such a request answers
// with its own list: bans missed while the broker was away are re-sent. A
// bridge.gap (messages this server knows it missed) asks the same way. On a
// durable transport a server that starts replays the channel's recent
// history first: the bans issued before it started, even by servers gone since.

import { readFile } from "node:fs/promises";
import type { UserData } from "wasm-events";
import { remoteMessage } from "wasm-events/bridge";
import type { BanEventName, BanRule, Config } from "../config.js";
import type {
  AuthenticationCode, BanHost, BanList, FtpCommand, FtpdBus, FtpSession, ModuleOptions, PreLogin, SessionOpen,
} from "../events.js";

/** A rule plus its counters: the user data of one rule listener. */
interface RuleState extends BanRule {
  /** Per host, the times of the events still inside the window. */
  readonly hits: Map<string, number[]>;
}

/** The user data of the banned-users check: one config generation's file. */
interface BannedUsers {
  readonly file: string;
}

interface Ban {
  readonly reason: string;
  readonly expires: number;
  readonly message: string;
}

/** Bans per mod_ban.ban-list message: keeps each message far below the bridge's 64 KiB limit. */
const BANS_PER_MESSAGE = 200;

export function loadModBan(bus: FtpdBus, options: ModuleOptions): void {
  const mod = bus.loadModule("mod_ban");
  const bans = new Map<string, Ban>();

  /** Counts one event from `session`'s host against `rule`; bans at the threshold. */
  function count(rule: RuleState, session: FtpSession): void {
    const host = session.remoteAddress;
    const now = Date.now();
    const recent = (rule.hits.get(host) ?? []).filter((time) => now - time < rule.windowMs);
    recent.push(now);
    if (recent.length < rule.threshold) {
      rule.hits.set(host, recent);
      return;
    }
    rule.hits.delete(host);
    const ban: Ban = { reason: rule.event, expires: now + rule.durationMs, message: rule.message.replaceAll("%a", host) };
    bans.set(host, ban);
    options.log(`mod_ban: banned ${host} for ${rule.durationMs / 1000} s (BanOnEvent ${rule.event})`);
    bus.generate("mod_ban.ban-host", { host, ...ban });
    // 421 is the one reply FTP allows unasked: the server is closing the connection.
    session.close(421, ban.message);
  }

  // One listener function per event kind: the bus refuses the same function
  // twice for one event, which is why the config allows one rule per kind.
  const onMaxLoginAttempts = (session: FtpSession, rule: RuleState) => count(rule, session);
  const onLoginFailed = (event: AuthenticationCode, rule: RuleState) => {
    if (event.code !== 0) count(rule, event.session);
  };
  const onTimeoutIdle = (session: FtpSession, rule: RuleState) => count(rule, session);
  const onUnhandledCommand = (cmd: FtpCommand, rule: RuleState) => count(rule, cmd.session);

  function registerRule(name: BanEventName, rule: UserData<RuleState>): void {
    switch (name) {
      case "MaxLoginAttempts": bus.register(mod, "mod_auth.max-login-attempts", onMaxLoginAttempts, rule); break;
      case "LoginFailed": bus.register(mod, "mod_auth.authentication-code", onLoginFailed, rule); break;
      case "TimeoutIdle": bus.register(mod, "core.timeout-idle", onTimeoutIdle, rule); break;
      case "UnhandledCommand": bus.register(mod, "core.unhandled-command", onUnhandledCommand, rule); break;
    }
  }

  /**
   * Refuses a banned user before the 230. A file that cannot be read (other
   * than missing: no bans) refuses too: a ban check that failed must not let
   * a banned user in.
   */
  const onPreLogin = async (login: PreLogin, banned: BannedUsers): Promise<void> => {
    let text: string;
    try {
      text = await readFile(banned.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      options.log(`mod_ban: cannot read ${banned.file} (${String(err)}): refusing ${login.user}`);
      login.refusal ??= "Login refused: the ban list cannot be read";
      return;
    }
    const names = text.split(/\r?\n/).map((line) => line.replace(/#.*/, "").trim());
    if (names.includes(login.user)) {
      options.log(`mod_ban: refused user ${login.user} from ${login.session.remoteAddress} (banned)`);
      login.refusal ??= `User ${login.user} is banned`;
    }
  };

  bus.register(mod, "core.postparse", (config: Config) => {
    if (options.forgetToReregister && bus.generation > 0) return; // the simulated bug (see ModuleOptions)
    const pool = bus.createPool("mod_ban");
    for (const rule of config.banRules) registerRule(rule.event, pool.hold<RuleState>({ ...rule, hits: new Map() }));
    if (config.banUserFile !== null) {
      bus.register(mod, "mod_auth.pre-login", onPreLogin, pool.hold<BannedUsers>({ file: config.banUserFile }));
    }
  });

  bus.register(mod, "core.restart", () => {
    if (options.forgetToReregister) return;
    bus.unregister(mod, "mod_auth.max-login-attempts", onMaxLoginAttempts);
    bus.unregister(mod, "mod_auth.authentication-code", onLoginFailed);
    bus.unregister(mod, "core.timeout-idle", onTimeoutIdle);
    bus.unregister(mod, "core.unhandled-command", onUnhandledCommand);
    bus.unregister(mod, "mod_auth.pre-login", onPreLogin);
  });

  // Refuses connections from banned hosts; a ban past its end is dropped here.
  bus.register(mod, "ftpd.session-open", (open: SessionOpen, list: Map<string, Ban>) => {
    const host = open.session.remoteAddress;
    const ban = list.get(host);
    if (ban === undefined) return;
    if (ban.expires <= Date.now()) list.delete(host);
    else if (open.refusal === null) {
      open.refusal = ban.message;
      options.log(`mod_ban: refused ${host} (banned)`);
    }
  }, bus.permanentPool.hold(bans));

  /** Adds a ban heard from another server (or our own, again): the later end wins. */
  function learn(ban: BanHost, list: Map<string, Ban>): boolean {
    const known = list.get(ban.host);
    if (ban.expires <= Date.now() || (known !== undefined && known.expires >= ban.expires)) return false;
    list.set(ban.host, { reason: ban.reason, expires: ban.expires, message: ban.message });
    return true;
  }

  // Every ban-host, ours included (already in the list: nothing changes) and
  // those another server made, which the bridge dispatches here as remote.
  bus.register(mod, "mod_ban.ban-host", (ban: BanHost, list: Map<string, Ban>) => {
    if (learn(ban, list) && remoteMessage(bus) !== null) {
      options.log(`mod_ban: ${ban.host} banned by another server until ${new Date(ban.expires).toISOString()}`);
    }
  }, bus.permanentPool.hold(bans));

  /** Sends the bans still running as mod_ban.ban-list messages. */
  function sendList(list: Map<string, Ban>, request: boolean): void {
    const now = Date.now();
    const running = [...list].filter(([, ban]) => ban.expires > now).map(([host, ban]) => ({ host, ...ban }));
    // An empty request still asks the others for theirs.
    for (let start = 0; start < running.length || (request && start === 0); start += BANS_PER_MESSAGE) {
      bus.generate("mod_ban.ban-list", { bans: running.slice(start, start + BANS_PER_MESSAGE), request });
    }
  }

  // Back on the bridge (or on it for the first time): re-send ours, ask for theirs.
  bus.register(mod, "bridge.up", (_: unknown, list: Map<string, Ban>) => sendList(list, true), bus.permanentPool.hold(bans));
  // Some messages never arrived (an outage, a slow-consumer cut, a trimmed stream): ask again.
  bus.register(mod, "bridge.gap", (_: unknown, list: Map<string, Ban>) => sendList(list, true), bus.permanentPool.hold(bans));

  bus.register(mod, "mod_ban.ban-list", (message: BanList, list: Map<string, Ban>) => {
    if (remoteMessage(bus) === null) return; // our own list, on its way out
    let learned = 0;
    for (const ban of message.bans) if (learn(ban, list)) learned++;
    if (learned > 0) options.log(`mod_ban: ${learned} ban(s) learned from another server's list`);
    // A replayed request is history: whoever asked was answered then.
    if (message.request && remoteMessage(bus)?.replayed !== true) sendList(list, false);
  }, bus.permanentPool.hold(bans));
}
