// Control-connection framing: bytes in, command lines out. The limits live
// here so a hostile client costs at most `maxBytes` of buffer per session.

/** One framed line, or why there is none. */
export type Framed =
  | { readonly kind: "line"; readonly text: string }
  /** Longer than the limit: the rest of it, up to the next newline, is dropped unread. */
  | { readonly kind: "too-long" }
  /** Not UTF-8, or holds a control character (NUL, a lone CR, Telnet bytes). */
  | { readonly kind: "invalid" };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const EMPTY = Buffer.alloc(0);

/** Splits a byte stream into lines ending in CRLF (or a bare LF, which many clients send). */
export class LineReader {
  #buffer: Buffer = EMPTY;
  /** True while skipping the remainder of an overlong line. */
  #discarding = false;
  // fatal: throw on malformed input instead of substituting U+FFFD, which
  // would let an invalid path name reach the filesystem as a different one.
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });

  /** `maxBytes`: the longest accepted line, not counting its CRLF (ProFTPD's CommandBufferSize, 512). */
  constructor(readonly maxBytes = 512) {}

  /** Feeds one chunk; returns the lines it completed, in order. */
  push(chunk: Buffer): Framed[] {
    const out: Framed[] = [];
    const data = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let start = 0;
    for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
      const end = nl > start && data[nl - 1] === CARRIAGE_RETURN ? nl - 1 : nl;
      if (this.#discarding) this.#discarding = false; // already answered when it grew too long
      else out.push(this.#frame(data.subarray(start, end)));
      start = nl + 1;
    }
    const rest = data.length - start;
    if (this.#discarding) {
      this.#buffer = EMPTY;
    } else if (rest > this.maxBytes + 1) {
      // +1: a full-length line may be waiting for the LF after its CR.
      // Answer now rather than at the newline, which may never come.
      out.push({ kind: "too-long" });
      this.#discarding = true;
      this.#buffer = EMPTY;
    } else {
      // Copy: a subarray would keep the whole (possibly 64 KiB) chunk alive.
      this.#buffer = rest === 0 ? EMPTY : Buffer.from(data.subarray(start));
    }
    return out;
  }

  #frame(bytes: Buffer): Framed {
    if (bytes.length > this.maxBytes) return { kind: "too-long" };
    let text: string;
    try {
      text = this.#decoder.decode(bytes);
    } catch {
      return { kind: "invalid" };
    }
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(text)) return { kind: "invalid" };
    return { kind: "line", text };
  }
}
