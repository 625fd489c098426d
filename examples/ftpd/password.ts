// Password hashes: scrypt from node:crypto, stored in the PHC string format
// `$scrypt$ln=14,r=8,p=1$<salt>$<hash>` (base64, no padding) so the cost
// travels with each hash and tests can use a cheap one.

import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** A parsed `$scrypt$` hash. */
export interface PasswordHash {
  /** log2 of scrypt's cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** Cost used when none is given: N = 2^14, about 30 ms per login on one core (2025, Node 20). */
export const DEFAULT_LOG_N = 14;
const KEY_LENGTH = 32;

/** Hashes `password` with a fresh random salt; `logN` trades login time for brute-force cost. */
export async function hashPassword(password: string, logN = DEFAULT_LOG_N): Promise<string> {
  if (!Number.isInteger(logN) || logN < 1 || logN > 20) throw new RangeError(`logN must be 1..20, got ${logN}`);
  const salt = randomBytes(16);
  const hash = await derive(password, { logN, r: 8, p: 1, salt, hash: Buffer.alloc(KEY_LENGTH) });
  return `$scrypt$ln=${logN},r=8,p=1$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Parses a `$scrypt$` string; null if it is not one this module can verify. */
export function parsePasswordHash(text: string): PasswordHash | null {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(text);
  if (match === null) return null;
  const [logN, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Bounds keep a hostile config from asking scrypt for gigabytes.
  if (logN < 1 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const hash = Buffer.from(match[5], "base64url");
  if (hash.length < 16) return null;
  return { logN, r, p, salt: Buffer.from(match[4], "base64url"), hash };
}

/** True if `password` matches; compares in constant time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, stored);
  return timingSafeEqual(candidate, stored.hash);
}

function derive(password: string, params: PasswordHash): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is too low above ln=14.
  const maxmem = 256 * N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), params.salt, params.hash.length,
      { N, r: params.r, p: params.p, maxmem },
      (err, key) => (err ? reject(err) : resolve(key)));
  });
}
