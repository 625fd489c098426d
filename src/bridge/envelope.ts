// The envelope every bridged event travels in, the codec that turns it into a
// payload and back, and the guard that decides whether a payload from the
// wire is a message at all (§12: input from the wire is untrusted). The
// guard never throws: it returns the envelope or the reason it was refused.

import type { Payload } from "./transport.js";

/** The envelope format this build writes and accepts. A different `v` is refused. */
export const ENVELOPE_VERSION = 1;

/** One bridged event on the wire. Short keys: they are on every message. */
export interface Envelope {
  /** Format version, {@link ENVELOPE_VERSION}. */
  readonly v: number;
  /** The sending bridge's id: random per bridge, so a restarted process is a new sender. */
  readonly s: string;
  /** The sender's sequence number: 1 for its first message, one more for each. */
  readonly n: number;
  /** The event name; must be one the receiving bridge carries. */
  readonly e: string;
  /** The event data (absent when it was undefined). */
  readonly d?: unknown;
}

/**
 * Turns envelopes into payloads and back. `decode` may throw on bad input (the
 * bridge catches it and counts the message as malformed); it should not trust
 * its input (no prototype writes, no code).
 */
export interface Codec {
  /** For messages and stats. */
  readonly name: string;
  /** Throws for data it cannot carry; that event is then dropped, not sent. */
  encode(envelope: Envelope): Payload;
  decode(payload: Payload): unknown;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The default codec: JSON text. It needs no dependency, every language and
 * `redis-cli` can read it, and for small events it costs about as much as
 * msgpackr (measured in bench/bridge/codec.ts; see the README). Event data
 * crosses as JSON does: a Date becomes its ISO string, a Map an empty object,
 * functions and undefined properties disappear, a BigInt or a cycle cannot be
 * encoded (the event is dropped and counted).
 */
export const jsonCodec: Codec = {
  name: "json",
  encode: (envelope) => JSON.stringify(envelope),
  decode: (payload) => JSON.parse(typeof payload === "string" ? payload : utf8.decode(payload)),
};

/** Why a payload from the wire was refused (each is counted in `stats().malformedBy`). */
export type MalformedReason = "garbage" | "oversized" | "version" | "sender" | "sequence" | "event";

/** Every reason, for stats tables. */
export const MALFORMED_REASONS: readonly MalformedReason[] = ["garbage", "oversized", "version", "sender", "sequence", "event"];

/** Sender ids: what {@link newSenderId} makes, and what a receiver accepts. */
const SENDER_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A fresh random sender id: 16 random bytes, base64url (22 characters). */
export function newSenderId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The UTF-8 length of `text`, stopping early once past `limit` (sizes are checked before decoding). */
function utf8Length(text: string, limit: number): number {
  // Fast answers first: every UTF-16 unit is 1 to 3 UTF-8 bytes.
  if (text.length * 3 <= limit) return text.length;
  if (text.length > limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The size of a payload in bytes (strings as UTF-8), or -1 if it is neither kind. */
export function payloadBytes(payload: unknown, limit: number): number {
  if (typeof payload === "string") return utf8Length(payload, limit);
  if (payload instanceof Uint8Array) return payload.byteLength;
  return -1;
}

/**
 * Decides whether `payload` is a message for a bridge carrying `events`:
 * the envelope, or why not. Never throws, whatever `payload` or the codec do.
 */
export function decodeEnvelope(
  payload: unknown, codec: Codec, maxBytes: number, events: ReadonlySet<string>,
): Envelope | MalformedReason {
  const size = payloadBytes(payload, maxBytes);
  if (size < 0) return "garbage";
  if (size > maxBytes) return "oversized";
  let v: unknown, s: unknown, n: unknown, e: unknown, d: unknown;
  try {
    const decoded: unknown = codec.decode(payload as Payload);
    if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) return "garbage";
    // Inside the try: a custom codec may hand back an object whose getters throw.
    ({ v, s, n, e, d } = decoded as Record<string, unknown>);
  } catch {
    return "garbage";
  }
  if (v !== ENVELOPE_VERSION) return "version";
  if (typeof s !== "string" || !SENDER_ID.test(s)) return "sender";
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) return "sequence";
  if (typeof e !== "string" || !events.has(e)) return "event";
  return { v, s, n, e, d };
}
