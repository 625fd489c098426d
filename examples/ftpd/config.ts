// The configuration file: a small proftpd.conf-style directive list, parsed
// into a frozen Config. Parsing is pure (text in, Config out) so a restart can
// parse the new file completely before it touches the running server.

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parsePasswordHash, type PasswordHash } from "./password.js";

/** One `BanOnEvent` rule: `threshold` events from a host within `windowMs` ban it for `durationMs`. */
export interface BanRule {
  /** The rule's event as written in the config (`MaxLoginAttempts`, `LoginFailed`, ...). */
  readonly event: BanEventName;
  readonly threshold: number;
  readonly windowMs: number;
  readonly durationMs: number;
  /** Sent with the 530 refusal; `%a` becomes the banned address. */
  readonly message: string;
}

/** The `BanOnEvent` event names this server knows, after ProFTPD's mod_ban. */
const BAN_EVENTS = ["MaxLoginAttempts", "LoginFailed", "TimeoutIdle", "UnhandledCommand"] as const;
export type BanEventName = (typeof BAN_EVENTS)[number];

/** Everything the config file says, with defaults filled in. */
export interface Config {
  /** Absolute path of the file this came from (relative paths in it are resolved against its directory). */
  readonly file: string;
  readonly serverName: string;
  readonly port: number;
  /** The directory every session is confined to. */
  readonly root: string;
  /** Seconds without a complete command line before 421 (ProFTPD's TimeoutIdle). */
  readonly timeoutIdle: number;
  /** Seconds to wait for the client to open a passive data connection. */
  readonly timeoutNoTransfer: number;
  /** Failed PASS commands per session before `mod_auth.max-login-attempts` and disconnect. */
  readonly maxLoginAttempts: number;
  readonly users: ReadonlyMap<string, PasswordHash>;
  readonly banRules: readonly BanRule[];
  /** xferlog path, or null for no transfer log. */
  readonly transferLog: string | null;
  /** The banned users file mod_ban reads at every login (one name per line), or null. */
  readonly banUserFile: string | null;
}

/** Overrides from the command line or the embedding code; they win over the file. */
export interface ConfigOverrides {
  port?: number;
  root?: string;
}

/** A config error, with the file and line it came from. */
class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and parses `file`; throws ConfigError (or the read error) without side effects. */
export async function loadConfig(file: string, overrides: ConfigOverrides = {}): Promise<Config> {
  const absolute = resolve(file);
  return parseConfig(await readFile(absolute, "utf8"), absolute, overrides);
}

/** Parses config text; `file` names it in errors and anchors relative paths. */
function parseConfig(text: string, file: string, overrides: ConfigOverrides = {}): Config {
  const base = dirname(file);
  let serverName = "wasm-events ftpd";
  let port = 2121;
  let root: string | null = null;
  let timeoutIdle = 600;
  let timeoutNoTransfer = 30;
  let maxLoginAttempts = 3;
  let transferLog: string | null = null;
  let banUserFile: string | null = null;
  const users = new Map<string, PasswordHash>();
  const banRules: BanRule[] = [];

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const words = tokenize(lines[i], where);
    if (words.length === 0) continue;
    const [directive, ...args] = words;
    const expect = (n: number, usage: string) => {
      if (args.length !== n) throw new ConfigError(`${where}: usage: ${directive} ${usage}`);
    };
    switch (directive.toLowerCase()) {
      case "servername":
        expect(1, '"name"');
        serverName = args[0];
        break;
      case "port":
        expect(1, "number");
        port = parseInteger(args[0], 0, 65535, where);
        break;
      case "defaultroot":
        expect(1, "directory");
        root = resolve(base, args[0]);
        break;
      case "timeoutidle":
        expect(1, "seconds");
        timeoutIdle = parseSeconds(args[0], where);
        break;
      case "timeoutnotransfer":
        expect(1, "seconds");
        timeoutNoTransfer = parseSeconds(args[0], where);
        break;
      case "maxloginattempts":
        expect(1, "number");
        maxLoginAttempts = parseInteger(args[0], 1, 1000, where);
        break;
      case "transferlog":
        expect(1, "file|none");
        transferLog = args[0].toLowerCase() === "none" ? null : resolve(base, args[0]);
        break;
      case "authuser": {
        expect(2, "name scrypt-hash (make one with: npm run ftpd -- --hash-password PASSWORD)");
        const hash = parsePasswordHash(args[1]);
        if (hash === null) throw new ConfigError(`${where}: AuthUser ${args[0]}: not a $scrypt$ hash`);
        users.set(args[0], hash);
        break;
      }
      case "banuserfile":
        expect(1, "file");
        banUserFile = resolve(base, args[0]);
        break;
      case "banonevent":
        banRules.push(parseBanRule(args, where, banRules));
        break;
      default:
        throw new ConfigError(`${where}: unknown directive '${directive}'`);
    }
  }

  if (overrides.root !== undefined) root = resolve(overrides.root);
  if (overrides.port !== undefined) port = overrides.port;
  if (root === null) throw new ConfigError(`${file}: no DefaultRoot (or --root) given`);
  return Object.freeze({
    file, serverName, port, root, timeoutIdle, timeoutNoTransfer, maxLoginAttempts,
    users, banRules: Object.freeze(banRules), transferLog, banUserFile,
  });
}

/** Splits a line into words; double quotes group words, `#` outside quotes starts a comment. */
function tokenize(line: string, where: string): string[] {
  const words: string[] = [];
  const pattern = /\s*(?:"([^"]*)"|(#.*)|([^\s"]+))/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < line.length && (match = pattern.exec(line)) !== null) {
    if (match[2] !== undefined) break;
    words.push(match[1] ?? match[3]);
  }
  if (pattern.lastIndex < line.length && line.slice(pattern.lastIndex).trim() !== "") {
    throw new ConfigError(`${where}: unbalanced quote`);
  }
  return words;
}

function parseInteger(text: string, min: number, max: number, where: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`${where}: expected an integer in ${min}..${max}, got '${text}'`);
  return n;
}

/** Seconds as a decimal number; fractions let tests use short timeouts. */
function parseSeconds(text: string, where: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0)) throw new ConfigError(`${where}: expected a positive number of seconds, got '${text}'`);
  return n;
}

/** ProFTPD's hh:mm:ss, with optional fractional seconds (`00:00:00.5`). */
function parseClock(text: string, where: string): number {
  const match = /^(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$/.exec(text);
  if (match === null) throw new ConfigError(`${where}: expected hh:mm:ss, got '${text}'`);
  const ms = ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000;
  if (ms <= 0) throw new ConfigError(`${where}: a duration must be positive, got '${text}'`);
  return ms;
}

/** `BanOnEvent event count/hh:mm:ss hh:mm:ss ["message"]`, as in ProFTPD's mod_ban. */
function parseBanRule(args: string[], where: string, earlier: readonly BanRule[]): BanRule {
  if (args.length < 3 || args.length > 4) {
    throw new ConfigError(`${where}: usage: BanOnEvent event count/hh:mm:ss hh:mm:ss ["message"]`);
  }
  const event = BAN_EVENTS.find((name) => name.toLowerCase() === args[0].toLowerCase());
  if (event === undefined) {
    throw new ConfigError(`${where}: BanOnEvent: unknown event '${args[0]}' (known: ${BAN_EVENTS.join(", ")})`);
  }
  // mod_ban registers one listener function per event kind, and the bus
  // refuses the same listener twice for one event (EEXIST): one rule per kind.
  if (earlier.some((rule) => rule.event === event)) {
    throw new ConfigError(`${where}: BanOnEvent ${event} given twice`);
  }
  const slash = args[1].indexOf("/");
  if (slash < 0) throw new ConfigError(`${where}: BanOnEvent: expected count/hh:mm:ss, got '${args[1]}'`);
  return Object.freeze({
    event,
    threshold: parseInteger(args[1].slice(0, slash), 1, 1_000_000, where),
    windowMs: parseClock(args[1].slice(slash + 1), where),
    durationMs: parseClock(args[2], where),
    message: args[3] ?? "Host %a has been banned",
  });
}
