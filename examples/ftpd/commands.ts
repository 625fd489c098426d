// The core's own commands: registered on the bus as core listeners (module
// null), so they run after every module's listener for the same command and
// step aside when a module has already handled it. The session handles the
// framing; this file the meaning of each verb.

import type { FileHandle } from "node:fs/promises";
import { lstat, mkdir, open, rmdir, stat, unlink } from "node:fs/promises";
import type { Socket } from "node:net";
import { Readable } from "node:stream";
import { PassiveListener, transfer } from "./data-channel.js";
import type { FtpCommand, FtpdBus } from "./events.js";
import { listDirectory, listTarget } from "./listing.js";
import { CREATE_FLAGS, PathError, resolveEntry, resolveExisting, resolveForCreate } from "./paths.js";
import type { Session } from "./session.js";

type Handler = (cmd: FtpCommand, session: Session) => void | Promise<void>;

/** Registers every core command on `bus`, as the core. */
export function registerCoreCommands(bus: FtpdBus, host: string): void {
  const commands = coreCommands(bus, host);
  for (const verb of Object.keys(commands)) {
    const handler = commands[verb];
    bus.register(null, `cmd.${verb}`, (cmd: FtpCommand) => {
      if (cmd.handled) return; // a module took it
      // Only core sessions reach the bus; the cast recovers core-only state.
      const session = cmd.session as Session;
      cmd.defer(async () => {
        try {
          await handler(cmd, session);
        } catch (err) {
          replyError(cmd, err);
        }
      });
    });
  }
}

/** Maps a failed filesystem call to the reply a client expects. */
function replyError(cmd: FtpCommand, err: unknown): void {
  if (err instanceof PathError) return cmd.reply(550, err.message);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const reason: Record<string, string> = {
    ENOENT: "No such file or directory", EEXIST: "File exists", ENOTEMPTY: "Directory not empty",
    EISDIR: "Is a directory", ENOTDIR: "Not a directory", EACCES: "Permission denied",
    EPERM: "Permission denied", ELOOP: "Permission denied", ENAMETOOLONG: "File name too long",
  };
  if (code !== undefined && code in reason) return cmd.reply(550, `${cmd.arg}: ${reason[code]}`);
  cmd.reply(451, "Requested action aborted: local error in processing");
}

/** `257 "path"`: RFC 959 doubles a quote inside the quoted name. */
const quoted = (path: string) => `"${path.replace(/"/g, '""')}"`;

function requireArg(cmd: FtpCommand): boolean {
  if (cmd.arg !== "") return true;
  cmd.reply(501, `${cmd.verb}: command requires a parameter`);
  return false;
}

function coreCommands(bus: FtpdBus, host: string): Record<string, Handler> {
  const root = (s: Session) => s.settings.realRoot;

  /**
   * Runs one transfer on the session's passive connection: waits for the
   * client to connect, replies 150, moves the bytes and always drops the data
   * connection. Returns whether the transfer completed, or null (after a 425)
   * if it never started.
   */
  async function withDataConnection(
    cmd: FtpCommand, s: Session, what: string, move: (socket: Socket) => Promise<unknown>,
  ): Promise<boolean | null> {
    // The listener stays in s.passive until the transfer is over, so a
    // session that ends meanwhile closes it (and this accept()) at once.
    const passive = s.passive;
    if (passive === null) {
      cmd.reply(425, "Use PASV or EPSV first");
      return null;
    }
    try {
      let socket: Socket;
      try {
        socket = await passive.accept(s.settings.config.timeoutNoTransfer * 1000);
      } catch {
        cmd.reply(425, "Unable to build data connection");
        return null;
      }
      cmd.reply(150, `Opening BINARY mode data connection for ${what}`);
      // A client that stops reading or sending stalls the transfer; give up
      // after the idle timeout rather than hold the session forever.
      socket.setTimeout(s.settings.config.timeoutIdle * 1000, () => socket.destroy());
      return await move(socket).then(() => true, () => false);
    } finally {
      // One transfer per PASV/EPSV, as in every FTP server.
      if (s.passive === passive) s.passive = null;
      passive.close();
    }
  }

  /** The final reply of a transfer that started. */
  function replyDone(cmd: FtpCommand, complete: boolean): void {
    if (complete) cmd.reply(226, "Transfer complete");
    else cmd.reply(426, "Connection closed; transfer aborted");
  }

  async function list(cmd: FtpCommand, s: Session, long: boolean): Promise<void> {
    const target = await resolveExisting(root(s), s.cwd, listTarget(cmd.arg) || ".");
    const lines = await listDirectory(target.real, long);
    const body = Buffer.from(lines.map((line) => line + "\r\n").join(""));
    const complete = await withDataConnection(cmd, s, "file list", (socket) =>
      transfer(Readable.from([body]), socket, (bytes) => bus.generate("core.data-write", { session: s, bytes }), s.signal));
    if (complete !== null) replyDone(cmd, complete);
  }

  /**
   * RETR ("o": file to socket) and STOR ("i": socket to file) on an open
   * file. Each chunk becomes core.data-write (outgoing) or core.data-read
   * (incoming); the outcome becomes ftpd.transfer-done (for mod_log and
   * mod_stats), generated before the final reply so a client that has seen
   * 226 finds the transfer logged.
   */
  async function fileTransfer(
    cmd: FtpCommand, s: Session, file: FileHandle, direction: "o" | "i", path: string, what: string,
  ): Promise<void> {
    let bytes = 0;
    let started = Date.now();
    const event = direction === "o" ? "core.data-write" : "core.data-read";
    const count = (chunk: number) => {
      bytes += chunk;
      bus.generate(event, { session: s, bytes: chunk });
    };
    // Once a stream wraps the handle it owns it (autoClose, the default:
    // pipeline's end waits for the stream's 'close', which only comes if the
    // stream closes its file). A client that vanished mid-upload thus leaves
    // its partial file and no open descriptor.
    let owned = false;
    let complete: boolean | null;
    try {
      complete = await withDataConnection(cmd, s, what, (socket) => {
        started = Date.now();
        owned = true;
        return direction === "o"
          ? transfer(file.createReadStream(), socket, count, s.signal)
          : transfer(socket, file.createWriteStream(), count, s.signal);
      });
    } finally {
      if (!owned) await file.close();
    }
    if (complete === null) return;
    bus.generate("ftpd.transfer-done", {
      session: s, direction, path, bytes, milliseconds: Date.now() - started, complete,
    });
    replyDone(cmd, complete);
  }

  return {
    SYST: (cmd) => cmd.reply(215, "UNIX Type: L8"),
    NOOP: (cmd) => cmd.reply(200, "NOOP command successful"),
    FEAT: (cmd) => cmd.reply(211, ["Features:", "EPSV", "PASV", "SIZE", "End"]),
    QUIT: (cmd, s) => s.close(221, "Goodbye."),
    PWD: (cmd, s) => cmd.reply(257, `${quoted(s.cwd)} is the current directory`),

    TYPE(cmd) {
      const type = cmd.arg.toUpperCase();
      // Transfers are always binary; TYPE A is accepted because clients send
      // it for listings, but no line-ending conversion is done.
      if (type === "I" || type === "L 8") return cmd.reply(200, "Type set to I");
      if (type === "A" || type === "A N") return cmd.reply(200, "Type set to A");
      cmd.reply(504, `TYPE ${cmd.arg}: not supported`);
    },

    async CWD(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveExisting(root(s), s.cwd, cmd.arg);
      if (!(await stat(target.real)).isDirectory()) throw new PathError(`${target.virtual}: Not a directory`);
      s.cwd = target.virtual;
      cmd.reply(250, "CWD command successful");
    },

    async CDUP(cmd, s) {
      const target = await resolveExisting(root(s), s.cwd, "..");
      s.cwd = target.virtual;
      cmd.reply(250, "CDUP command successful");
    },

    async MKD(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveForCreate(root(s), s.cwd, cmd.arg);
      await mkdir(target.real);
      cmd.reply(257, `${quoted(target.virtual)} directory created`);
    },

    async RMD(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveEntry(root(s), s.cwd, cmd.arg);
      await rmdir(target.real);
      cmd.reply(250, "RMD command successful");
    },

    async DELE(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveEntry(root(s), s.cwd, cmd.arg);
      const stats = await lstat(target.real);
      if (stats.isDirectory()) throw new PathError(`${target.virtual}: Is a directory`);
      await unlink(target.real);
      bus.generate("ftpd.transfer-done", {
        session: s, direction: "d", path: target.virtual, bytes: stats.size, milliseconds: 0, complete: true,
      });
      cmd.reply(250, "DELE command successful");
    },

    async SIZE(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveExisting(root(s), s.cwd, cmd.arg);
      const stats = await stat(target.real);
      if (!stats.isFile()) throw new PathError(`${target.virtual}: not a regular file`);
      cmd.reply(213, String(stats.size));
    },

    async PASV(cmd, s) {
      s.passive?.close();
      s.passive = await PassiveListener.open(host, s.remoteAddress);
      const port = s.passive.port;
      const address = (s.socket.localAddress ?? host).replace(/^::ffff:/i, "").replace(/\./g, ",");
      cmd.reply(227, `Entering Passive Mode (${address},${port >> 8},${port & 255})`);
    },

    async EPSV(cmd, s) {
      const arg = cmd.arg.toUpperCase();
      if (arg === "ALL") return cmd.reply(200, "EPSV ALL command successful");
      if (arg !== "" && arg !== "1" && arg !== "2") return cmd.reply(501, "EPSV: bad network protocol");
      s.passive?.close();
      s.passive = await PassiveListener.open(host, s.remoteAddress);
      cmd.reply(229, `Entering Extended Passive Mode (|||${s.passive.port}|)`);
    },

    LIST: (cmd, s) => list(cmd, s, true),
    NLST: (cmd, s) => list(cmd, s, false),

    async RETR(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveExisting(root(s), s.cwd, cmd.arg);
      // stat before open: opening a FIFO for reading would block until a writer came.
      const stats = await stat(target.real);
      if (!stats.isFile()) throw new PathError(`${target.virtual}: not a regular file`);
      const file = await open(target.real, "r");
      await fileTransfer(cmd, s, file, "o", target.virtual, `${target.virtual} (${stats.size} bytes)`);
    },

    async STOR(cmd, s) {
      if (!requireArg(cmd)) return;
      const target = await resolveForCreate(root(s), s.cwd, cmd.arg);
      // O_NOFOLLOW: a symlink planted after resolveForCreate is refused, not followed.
      const file = await open(target.real, CREATE_FLAGS, 0o644);
      await fileTransfer(cmd, s, file, "i", target.virtual, target.virtual);
    },
  };
}
