// The event map: every event the core and the modules generate, with the data
// it carries. Core and modules share nothing else but these types and the bus.
//
// Names follow ProFTPD where ProFTPD has the event. ProFTPD hands commands to
// modules through its command table and session hooks, not events; this server
// has only the bus, so it adds three kinds of its own (prefix `ftpd.` and
// `cmd.`), documented in README.md.

import type { EventBus } from "wasm-events";
import type { Config } from "./config.js";

/** What modules may see and do of a session (the core's Session implements it). */
export interface FtpSession {
  /** Numbered from 1 per server. */
  readonly id: number;
  /** The client's address, without an IPv4-mapped `::ffff:` prefix. */
  readonly remoteAddress: string;
  /** The logged-in user, or null before a successful PASS. */
  readonly user: string | null;
  /** True once the control connection is closing or closed. */
  readonly closed: boolean;
  /** Sends a reply line (or a multi-line reply) on the control connection. */
  reply(code: number, text: string | readonly string[]): void;
  /** Marks the session logged in as `user`; it gets the current config's root. */
  login(user: string): void;
  /** Sends an optional last reply, then closes the control connection. */
  close(code?: number, text?: string): void;
}

/**
 * A command, as event data of `cmd.<VERB>`. The listener that implements it
 * sets `handled` (via `reply` or `defer`); the others see it set and step
 * aside. Nobody handling it means 502 and `core.unhandled-command`.
 */
export interface FtpCommand {
  readonly session: FtpSession;
  /** Upper-cased verb, e.g. "RETR". */
  readonly verb: string;
  /** Everything after the verb and one space; "" if none. */
  readonly arg: string;
  handled: boolean;
  /** Replies and marks the command handled. */
  reply(code: number, text: string | readonly string[]): void;
  /** Marks the command handled; the session reads its next command once `work` settles. */
  defer(work: () => Promise<void>): void;
}

/** `ftpd.session-open`: a listener may refuse the connection by setting `refusal`. */
export interface SessionOpen {
  readonly session: FtpSession;
  refusal: string | null;
}

/** `core.ctrl-read` / `core.ctrl-write`: one command line or one reply line, without CRLF. */
export interface ControlLine {
  readonly session: FtpSession;
  readonly line: string;
}

/** `core.data-read` / `core.data-write`: one chunk moved on a data connection. */
export interface DataChunk {
  readonly session: FtpSession;
  readonly bytes: number;
}

/**
 * ProFTPD's auth codes (auth.h: PR_AUTH_OK, PR_AUTH_NOPWD, PR_AUTH_BADPWD,
 * PR_AUTH_DISABLEDPWD): 0 is success, negatives are failures. DISABLED is a
 * right password refused by a module at `mod_auth.pre-login` (a banned user).
 */
export const AuthCode = { OK: 0, NO_SUCH_USER: -2, BAD_PASSWORD: -3, DISABLED: -5 } as const;

/**
 * `mod_auth.pre-login`: the password was right; the login happens once every
 * listener has finished (mod_auth awaits them with `generateAsync`). A
 * listener refuses it by setting `refusal`, which becomes the 530 reply.
 */
export interface PreLogin {
  readonly session: FtpSession;
  readonly user: string;
  refusal: string | null;
}

/** `mod_auth.authentication-code`: the outcome of one PASS. */
export interface AuthenticationCode {
  readonly session: FtpSession;
  readonly user: string;
  readonly code: number;
}

/** `mod_ban.ban-host`: a host was banned (here, or by another server on the bridge). */
export interface BanHost {
  readonly host: string;
  /** The BanOnEvent rule's event name. */
  readonly reason: string;
  /** Epoch milliseconds when the ban ends. */
  readonly expires: number;
  /** The refusal text, `%a` already replaced. */
  readonly message: string;
}

/**
 * `mod_ban.ban-list`: the bans a server knows, sent over the bridge after
 * each `bridge.up` (`request: true`: "send me yours") and in reply to one.
 */
export interface BanList {
  readonly bans: readonly BanHost[];
  readonly request: boolean;
}

/** `bridge.gap` (wasm-events/bridge): `missed` messages of `sender` never arrived. */
interface BridgeGap {
  channel: string;
  sender: string;
  missed: number;
}

/** `bridge.up` / `bridge.down` (wasm-events/bridge): the bridge's channel. */
interface BridgeState {
  readonly channel: string;
}

/** `ftpd.transfer-done`: one RETR, STOR or DELE finished (xferlog's fields). */
export interface TransferDone {
  readonly session: FtpSession;
  /** xferlog's direction: o(utgoing), i(ncoming), d(eleted). */
  readonly direction: "o" | "i" | "d";
  /** The path as the client sees it, inside the root. */
  readonly path: string;
  readonly bytes: number;
  readonly milliseconds: number;
  readonly complete: boolean;
}

/** Event name to event data, for `EventBus<FtpdEvents>`. */
export type FtpdEvents = {
  "core.startup": undefined;
  "core.postparse": Config;
  "core.restart": undefined;
  "core.exit": undefined;
  "core.module-unload": string;
  "core.ctrl-read": ControlLine;
  "core.ctrl-write": ControlLine;
  "core.data-read": DataChunk;
  "core.data-write": DataChunk;
  "core.timeout-idle": FtpSession;
  "core.unhandled-command": FtpCommand;
  "mod_auth.pre-login": PreLogin;
  "mod_auth.authentication-code": AuthenticationCode;
  "mod_auth.max-login-attempts": FtpSession;
  "mod_ban.ban-host": BanHost;
  "mod_ban.ban-list": BanList;
  "bridge.up": BridgeState;
  "bridge.down": BridgeState;
  "bridge.gap": BridgeGap;
  "ftpd.session-open": SessionOpen;
  "ftpd.session-close": FtpSession;
  "ftpd.transfer-done": TransferDone;
} & { [command: `cmd.${string}`]: FtpCommand };

/** The one bus of a server. */
export type FtpdBus = EventBus<FtpdEvents>;

/** Test-only knobs a module accepts. */
export interface ModuleOptions {
  /** Log sink for the module's own messages. */
  log: (line: string) => void;
  /**
   * Simulates a module bug for the restart tests: on restart the module
   * neither unregisters nor re-registers its config-bound listeners, so they
   * keep user data from a destroyed pool. The bus reports them via onStale.
   */
  forgetToReregister?: boolean;
}
