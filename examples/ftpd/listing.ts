// Directory listings for LIST (the `ls -l` format every FTP client parses)
// and NLST (names only).

import type { Stats } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join } from "node:path";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS_MS = 182 * 24 * 3600 * 1000;

/** LIST's and NLST's arguments: leading `-x` words are ls options (clients send `LIST -a`), ignored. */
export function listTarget(arg: string): string {
  const words = arg.split(" ");
  while (words.length > 0 && words[0].startsWith("-")) words.shift();
  return words.join(" ");
}

/** One `ls -l` line: `ls` shows the time for recent files and the year for older ones. */
function formatEntry(name: string, stats: Stats, now = Date.now()): string {
  const type = stats.isDirectory() ? "d" : stats.isSymbolicLink() ? "l" : "-";
  let perms = "";
  for (let shift = 6; shift >= 0; shift -= 3) {
    const bits = (stats.mode >> shift) & 7;
    perms += (bits & 4 ? "r" : "-") + (bits & 2 ? "w" : "-") + (bits & 1 ? "x" : "-");
  }
  const date = stats.mtime;
  const day = String(date.getDate()).padStart(2, " ");
  const recent = Math.abs(now - date.getTime()) < SIX_MONTHS_MS;
  const when = recent
    ? `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`
    : ` ${date.getFullYear()}`;
  return `${type}${perms} 1 ftp ftp ${String(stats.size).padStart(12)} ${MONTHS[date.getMonth()]} ${day} ${when} ${name}`;
}

/**
 * A name that could break the control or listing protocol (CR, LF) is left
 * out rather than sent: a client would misparse every line after it.
 */
function isListable(name: string): boolean {
  return !/[\r\n]/.test(name);
}

/** The listing of `real` (a directory or a file) as lines; `long` for LIST, names only for NLST. */
export async function listDirectory(real: string, long: boolean): Promise<string[]> {
  const self = await stat(real);
  if (!self.isDirectory()) {
    const name = real.slice(real.lastIndexOf("/") + 1);
    return [long ? formatEntry(name, self) : name];
  }
  const names = (await readdir(real)).filter(isListable).sort();
  if (!long) return names;
  const lines: string[] = [];
  for (const name of names) {
    // lstat: show a symlink as a link, without following it out of the root.
    const stats = await lstat(join(real, name)).catch(() => null);
    if (stats !== null) lines.push(formatEntry(name, stats));
  }
  return lines;
}
