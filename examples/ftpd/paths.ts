// Path confinement: turns a client's path argument into a real path that is
// guaranteed to lie inside the session's root. Every file command goes
// through here; nothing else in the server builds a filesystem path.
//
// Three escapes are closed: `..` above the root (rejected, not clamped, so a
// client learns its path was wrong), absolute paths (they are virtual: "/" is
// the root), and symlinks (the real path after fs.realpath must still be
// inside the real root).

import { constants } from "node:fs";
import { lstat, realpath } from "node:fs/promises";
import { posix, sep } from "node:path";

/** A path problem the client caused; the command replies 550 with this text. */
export class PathError extends Error {
  override name = "PathError";
}

/** A confined path: `virtual` is what the client sees, `real` what the server opens. */
interface ResolvedPath {
  readonly virtual: string;
  readonly real: string;
}

/**
 * Opens a new file for STOR without following a symlink in the last component
 * (O_NOFOLLOW): closes the gap between our lstat check and the open.
 */
export const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/**
 * Joins `arg` to the virtual working directory `cwd`. Throws PathError if the
 * result would climb above "/" or the argument holds a NUL byte.
 */
function virtualPath(cwd: string, arg: string): string {
  if (arg.includes("\0")) throw new PathError("Invalid path");
  const parts = arg.startsWith("/") ? [] : cwd.split("/").filter(Boolean);
  for (const part of arg.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) throw new PathError("Permission denied: path leaves the root");
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return "/" + parts.join("/");
}

/** True if `real` is `root` or below it (both already real paths). */
function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Resolves an existing path; PathError if it does not exist or leaves `root` (a real path). */
export async function resolveExisting(root: string, cwd: string, arg: string): Promise<ResolvedPath> {
  const virtual = virtualPath(cwd, arg);
  let real: string;
  try {
    real = await realpath(root + virtual);
  } catch {
    throw new PathError(`${virtual}: No such file or directory`);
  }
  if (!isInside(root, real)) throw new PathError(`${virtual}: Permission denied`);
  return { virtual, real };
}

/**
 * Resolves a directory entry without following a symlink in its last
 * component (DELE and RMD act on the link, not its target): the parent must
 * exist inside `root`.
 */
export async function resolveEntry(root: string, cwd: string, arg: string): Promise<ResolvedPath> {
  const virtual = virtualPath(cwd, arg);
  if (virtual === "/") throw new PathError("/: Is the root directory");
  const parent = await resolveExisting(root, "/", posix.dirname(virtual));
  return { virtual, real: parent.real + sep + posix.basename(virtual) };
}

/**
 * Resolves a path that may not exist yet (STOR, MKD). An existing last
 * component that is a symlink must point inside `root`; a dangling one is
 * refused, since creating through it could create a file anywhere.
 */
export async function resolveForCreate(root: string, cwd: string, arg: string): Promise<ResolvedPath> {
  const entry = await resolveEntry(root, cwd, arg);
  const stats = await lstat(entry.real).catch(() => null);
  if (stats === null || !stats.isSymbolicLink()) return entry;
  const target = await realpath(entry.real).catch(() => null);
  if (target === null || !isInside(root, target)) throw new PathError(`${entry.virtual}: Permission denied`);
  return { virtual: entry.virtual, real: target };
}
