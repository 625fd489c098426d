// mod_log: the transfer log, one xferlog(5) line per RETR, STOR and DELE.
// The log file comes from the config (TransferLog), so the open file is user
// data in a restart-scoped pool: on core.restart the module closes it and
// unregisters; on core.postparse it opens the (possibly new) file and
// registers again.

import { closeSync, openSync, writeSync } from "node:fs";
import type { Config } from "../config.js";
import type { FtpdBus, ModuleOptions, TransferDone } from "../events.js";

/** The user data of the transfer listener: one open log file. */
interface TransferLog {
  readonly fd: number;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime(3)'s "Mon Oct  1 17:09:23 2001", the first field of an xferlog line. */
function ctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${String(date.getDate()).padStart(2, " ")} `
    + `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}`;
}

/**
 * One xferlog line: time, seconds, host, bytes, file, type (b)inary, no
 * special action (_), direction, access mode (r)eal user, user, service,
 * authentication method (0 none), authenticated id (*), (c)omplete or
 * (i)ncomplete. Whitespace in the file name becomes `_` so fields stay split.
 */
function formatXferlog(event: TransferDone, now = new Date()): string {
  const seconds = Math.round(event.milliseconds / 1000);
  const file = event.path.replace(/\s/g, "_");
  const user = event.session.user ?? "-";
  return `${ctime(now)} ${seconds} ${event.session.remoteAddress} ${event.bytes} ${file} b _ `
    + `${event.direction} r ${user} ftp 0 * ${event.complete ? "c" : "i"}\n`;
}

export function loadModLog(bus: FtpdBus, options: ModuleOptions): void {
  const mod = bus.loadModule("mod_log");
  let openLog: TransferLog | null = null;

  // Written synchronously, as ProFTPD does: the line is on disk before the
  // core sends 226, so a client that saw 226 can trust the log.
  const onTransfer = (event: TransferDone, log: TransferLog) => {
    writeSync(log.fd, formatXferlog(event));
  };

  const closeLog = () => {
    if (openLog !== null) closeSync(openLog.fd);
    openLog = null;
  };

  bus.register(mod, "core.postparse", (config: Config) => {
    if (options.forgetToReregister && bus.generation > 0) return; // the simulated bug (see ModuleOptions)
    if (config.transferLog === null) return;
    openLog = { fd: openSync(config.transferLog, "a", 0o640) };
    bus.register(mod, "ftpd.transfer-done", onTransfer, bus.createPool("mod_log").hold(openLog));
  });

  bus.register(mod, "core.restart", () => {
    if (options.forgetToReregister) return;
    bus.unregister(mod, "ftpd.transfer-done", onTransfer);
    closeLog();
  });

  bus.register(mod, "core.exit", closeLog);
}
