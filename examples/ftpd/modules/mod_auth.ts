// mod_auth: USER and PASS against the users of the config file (scrypt
// hashes). A right password is not yet a login: mod_auth.pre-login lets the
// other modules refuse it, and is awaited before the 230. Generates
// mod_auth.authentication-code for every PASS and mod_auth.max-login-attempts
// when a session has failed too often.
//
// Its user table comes from the config, so it lives in a restart-scoped pool
// and the listeners that use it follow ProFTPD's rule: unregister on
// core.restart, register again with fresh user data on core.postparse.

import { randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { AuthCode, type FtpCommand, type FtpdBus, type FtpSession, type ModuleOptions, type PreLogin } from "../events.js";
import { DEFAULT_LOG_N, verifyPassword, type PasswordHash } from "../password.js";

/** The user data of the USER/PASS listeners: one config generation's view of auth. */
interface AuthTable {
  readonly users: ReadonlyMap<string, PasswordHash>;
  readonly maxLoginAttempts: number;
  /** Verified against for unknown users, so they cost as much as wrong passwords (no user probing by timing). */
  readonly decoy: PasswordHash;
}

/** Per-session login state; sessions outlive restarts, so this is not pool data. */
interface LoginState {
  user: string | null;
  failures: number;
}

export function loadModAuth(bus: FtpdBus, options: ModuleOptions): void {
  const mod = bus.loadModule("mod_auth");
  const logins = new WeakMap<FtpSession, LoginState>();
  const stateOf = (session: FtpSession) => {
    let state = logins.get(session);
    if (state === undefined) logins.set(session, (state = { user: null, failures: 0 }));
    return state;
  };

  function onUser(cmd: FtpCommand): void {
    if (cmd.handled) return;
    if (cmd.session.user !== null) return cmd.reply(503, "You are already logged in");
    if (cmd.arg === "") return cmd.reply(501, "USER: command requires a parameter");
    stateOf(cmd.session).user = cmd.arg;
    cmd.reply(331, `Password required for ${cmd.arg}`);
  }

  function onPass(cmd: FtpCommand, auth: AuthTable): void {
    if (cmd.handled) return;
    const { session } = cmd;
    const state = stateOf(session);
    if (session.user !== null) return cmd.reply(503, "You are already logged in");
    const name = state.user;
    if (name === null) return cmd.reply(503, "Login with USER first");
    state.user = null;
    cmd.defer(async () => {
      const stored = auth.users.get(name);
      const matches = await verifyPassword(cmd.arg, stored ?? auth.decoy);
      if (session.closed) return;
      let code: number = stored === undefined ? AuthCode.NO_SUCH_USER : matches ? AuthCode.OK : AuthCode.BAD_PASSWORD;
      let refusal: string | null = null;
      if (code === AuthCode.OK) {
        // The modules' checks (mod_ban's banned users: a file read) finish
        // before the reply: generateAsync calls them one after another in
        // load order, each once the previous one's promise has settled (§14).
        const check: PreLogin = { session, user: name, refusal: null };
        await bus.generateAsync("mod_auth.pre-login", check);
        if (session.closed) return;
        refusal = check.refusal;
        if (refusal !== null) code = AuthCode.DISABLED;
      }
      if (code === AuthCode.OK) {
        session.login(name);
        cmd.reply(230, `User ${name} logged in`);
      } else if (refusal !== null) {
        cmd.reply(530, refusal);
      } else {
        state.failures++;
        cmd.reply(530, "Login incorrect.");
      }
      bus.generate("mod_auth.authentication-code", { session, user: name, code });
      // A refused user is done with this connection, as in ProFTPD's mod_ban.
      if (refusal !== null) return session.close();
      // As ProFTPD: the last allowed failure ends the session, silently (the
      // 530 above was the reply), after the event so mod_ban can count it.
      if (code !== AuthCode.OK && state.failures >= auth.maxLoginAttempts && !session.closed) {
        bus.generate("mod_auth.max-login-attempts", session);
        session.close();
      }
    });
  }

  bus.register(mod, "core.postparse", (config: Config) => {
    if (options.forgetToReregister && bus.generation > 0) return; // the simulated bug (see ModuleOptions)
    const pool = bus.createPool("mod_auth");
    const auth = pool.hold<AuthTable>({
      users: config.users,
      maxLoginAttempts: config.maxLoginAttempts,
      decoy: decoyFor(config.users),
    });
    bus.register(mod, "cmd.USER", onUser, auth);
    bus.register(mod, "cmd.PASS", onPass, auth);
  });

  bus.register(mod, "core.restart", () => {
    if (options.forgetToReregister) return;
    bus.unregister(mod, "cmd.USER", onUser);
    bus.unregister(mod, "cmd.PASS", onPass);
  });
}

/** A random hash with the cost of the configured ones: it never matches, and takes as long. */
function decoyFor(users: ReadonlyMap<string, PasswordHash>): PasswordHash {
  const model = users.values().next().value;
  return {
    logN: model?.logN ?? DEFAULT_LOG_N, r: model?.r ?? 8, p: model?.p ?? 1,
    salt: randomBytes(16), hash: randomBytes(model?.hash.length ?? 32),
  };
}
