// One control connection: framing, replies, the idle timer, and the command
// loop that hands each command to the bus as `cmd.<VERB>`. What a command does
// is decided by whoever listens (core commands in commands.ts, modules); this
// file only knows the protocol's shape.

import type { Socket } from "node:net";
import type { Config } from "./config.js";
import { plainAddress, type PassiveListener } from "./data-channel.js";
import type { FtpCommand, FtpdBus, FtpSession } from "./events.js";
import { LineReader, type Framed } from "./line-reader.js";

/** The config a session works under; `realRoot` is `config.root` after fs.realpath. */
export interface Settings {
  readonly config: Config;
  readonly realRoot: string;
}

/** What the server provides to its sessions. */
interface SessionHost {
  readonly bus: FtpdBus;
  /** The settings of the current config generation (new logins pick them up). */
  settings(): Settings;
  log(line: string): void;
  /** Called once, when the control socket has closed and the session is cleaned up. */
  closed(session: Session): void;
}

/**
 * Verbs this server will put on the bus. Anything else is answered 502 without
 * generating `cmd.<verb>`: every generated name is interned for the bus's
 * lifetime, so letting clients choose names would let them grow it forever.
 */
const KNOWN_VERBS = new Set([
  "ABOR", "ACCT", "ALLO", "APPE", "CDUP", "CWD", "DELE", "EPRT", "EPSV", "FEAT", "HELP", "LIST",
  "MDTM", "MKD", "MLSD", "MLST", "MODE", "NLST", "NOOP", "OPTS", "PASS", "PASV", "PORT", "PWD",
  "QUIT", "REIN", "REST", "RETR", "RMD", "RNFR", "RNTO", "SITE", "SIZE", "SMNT", "STAT", "STOR",
  "STOU", "STRU", "SYST", "TYPE", "USER",
]);
/** What a client may do before logging in. */
const BEFORE_LOGIN = new Set(["USER", "PASS", "QUIT", "SYST", "FEAT", "NOOP", "OPTS", "HELP"]);
/** Lines queued beyond this pause reading from the socket until the loop catches up. */
const MAX_QUEUED_LINES = 16;
/** How long a closing session waits for the client to hang up before destroying the socket. */
const CLOSE_GRACE_MS = 2000;

/** The command event data; `defer` lets a listener finish asynchronously. */
class Command implements FtpCommand {
  handled = false;
  pending: Promise<void> | null = null;
  constructor(readonly session: Session, readonly verb: string, readonly arg: string) {}

  reply(code: number, text: string | readonly string[]): void {
    this.handled = true;
    this.session.reply(code, text);
  }

  defer(work: () => Promise<void>): void {
    this.handled = true;
    this.pending = work();
  }
}

/** A control connection and the state of its FTP session. */
export class Session implements FtpSession {
  readonly remoteAddress: string;
  user: string | null = null;
  /** The virtual working directory ("/" is the root). */
  cwd = "/";
  /** Settings at connect time, replaced by the current ones at login. */
  settings: Settings;
  /** The open PASV/EPSV listener, if any. */
  passive: PassiveListener | null = null;
  /** Aborted when the session ends: stops its transfers. */
  readonly #abort = new AbortController();
  readonly #reader = new LineReader();
  readonly #queue: Framed[] = [];
  #running = false;
  #closing = false;
  #cleaned = false;
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(readonly id: number, readonly socket: Socket, readonly host: SessionHost) {
    this.remoteAddress = plainAddress(socket.remoteAddress);
    this.settings = host.settings();
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", () => socket.destroy()); // ECONNRESET and friends: just end the session
    socket.on("close", () => this.#cleanup());
  }

  get closed(): boolean {
    return this.#closing;
  }

  /** Aborted when the session ends; transfers pass it to their streams. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Sends the 220 greeting (or the refusal a module set) and starts the idle timer. */
  open(refusal: string | null): void {
    if (refusal !== null) {
      this.close(530, refusal);
      return;
    }
    this.reply(220, `${this.settings.config.serverName} ready`);
    this.#armIdleTimer();
  }

  reply(code: number, text: string | readonly string[]): void {
    if (this.#closing || this.socket.destroyed) return;
    // CR/LF from a file name or argument must not start a forged reply line.
    const lines = (typeof text === "string" ? [text] : text).map((line) => line.replace(/[\r\n]/g, " "));
    const bus = this.host.bus;
    let out = "";
    for (let i = 0; i < lines.length; i++) {
      const line = i === lines.length - 1 ? `${code} ${lines[i]}` : i === 0 ? `${code}-${lines[i]}` : ` ${lines[i]}`;
      bus.generate("core.ctrl-write", { session: this, line });
      out += line + "\r\n";
    }
    this.socket.write(out);
  }

  login(user: string): void {
    this.user = user;
    this.settings = this.host.settings();
    this.cwd = "/";
  }

  close(code?: number, text?: string): void {
    if (this.#closing) return;
    if (code !== undefined) this.reply(code, text ?? "Goodbye.");
    this.#closing = true;
    this.#stopWork();
    this.socket.end();
    // A client that never hangs up must not keep the socket (and us) alive.
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Drops everything the session holds except what it already wrote to disk. */
  #stopWork(): void {
    this.#queue.length = 0;
    this.#disarmIdleTimer();
    this.passive?.close();
    this.passive = null;
    this.#abort.abort();
  }

  #cleanup(): void {
    if (this.#cleaned) return;
    this.#cleaned = true;
    this.#closing = true;
    this.#stopWork();
    this.host.closed(this);
  }

  // ── Reading commands ──────────────────────────────────────────────────────

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    for (const framed of this.#reader.push(chunk)) this.#queue.push(framed);
    if (this.#queue.length > MAX_QUEUED_LINES) this.socket.pause();
    if (!this.#running && this.#queue.length > 0) void this.#runQueue();
  }

  /** Runs queued commands one at a time; FTP replies must come in command order. */
  async #runQueue(): Promise<void> {
    this.#running = true;
    this.#disarmIdleTimer(); // a running command (a long transfer) is not idleness
    while (this.#queue.length > 0 && !this.#closing) {
      const framed = this.#queue.shift()!;
      try {
        await this.#execute(framed);
      } catch (err) {
        this.host.log(`session ${this.id}: ${String(err)}`);
        this.reply(451, "Requested action aborted: local error in processing");
      }
      // A client that sends commands but never reads the replies must not
      // make us buffer replies without bound: wait until it reads, and count
      // the wait as idleness (a client that never reads is timed out).
      if (this.socket.writableNeedDrain) {
        this.#armIdleTimer();
        await this.#drained();
        this.#disarmIdleTimer();
      }
    }
    this.#running = false;
    if (!this.#closing) {
      this.socket.resume();
      this.#armIdleTimer();
    }
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off("drain", done).off("close", done);
        resolve();
      };
      this.socket.on("drain", done).on("close", done);
    });
  }

  async #execute(framed: Framed): Promise<void> {
    if (framed.kind === "too-long") return this.reply(500, `Command line too long (limit ${this.#reader.maxBytes} bytes)`);
    if (framed.kind === "invalid") return this.reply(501, "Command line is not valid UTF-8 text");
    const bus = this.host.bus;
    bus.generate("core.ctrl-read", { session: this, line: framed.text });

    const space = framed.text.indexOf(" ");
    const verb = (space < 0 ? framed.text : framed.text.slice(0, space)).toUpperCase();
    const arg = space < 0 ? "" : framed.text.slice(space + 1);
    if (!/^[A-Z]{1,16}$/.test(verb)) return this.reply(500, "Syntax error, command unrecognized");

    const command = new Command(this, verb, arg);
    if (KNOWN_VERBS.has(verb)) {
      if (this.user === null && !BEFORE_LOGIN.has(verb)) return this.reply(530, "Please login with USER and PASS");
      bus.generate(`cmd.${verb}`, command);
      if (command.pending !== null) await command.pending;
    }
    if (!command.handled) {
      // Reply first: a listener (mod_ban) may close the session, and the
      // client should still get the answer to the command it sent.
      this.reply(502, `${verb} not implemented`);
      bus.generate("core.unhandled-command", command);
    }
  }

  // ── Idle timeout ──────────────────────────────────────────────────────────

  #armIdleTimer(): void {
    this.#disarmIdleTimer();
    const seconds = this.settings.config.timeoutIdle;
    this.#idleTimer = setTimeout(() => {
      this.host.bus.generate("core.timeout-idle", this);
      this.close(421, `Idle timeout (${seconds} seconds): closing control connection`);
    }, seconds * 1000);
  }

  #disarmIdleTimer(): void {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }
}
