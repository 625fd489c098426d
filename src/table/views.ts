// Views on one table instance's memory, the same on both backends.
//
// Memory grows only inside mutating table calls, so the bus and the
// EventEmitter refresh right after each of them and read `u32` unchecked.
// Refreshing relies on this rule: once memory has grown, every view of the
// old memory reads length 0.
// - WebAssembly: growth detaches the old ArrayBuffer, which gives exactly that.
// - wasm2js (the JS backend) emulates growth by copying into a new ArrayBuffer
//   and leaves the old one intact, so a stale view would go on reading the old
//   copy. Here growth is told by the buffer's identity, and the old buffer is
//   detached by hand (a transfer), restoring the rule for every holder of it.
// Hold the Views object, never `u32` across a call.

import type { TableMemory } from "./backends.js";

export class Views {
  /** The whole memory as u32 words. Replaced (not mutated) on growth. */
  u32: Uint32Array = new Uint32Array(0);
  /**
   * The same words as i32, for the mutation path's scans: its loads stay
   * small integers to V8, where a u32 load may become a float64 and every
   * index computed from it a conversion.
   */
  i32: Int32Array = new Int32Array(0);
  /** The buffer `u32` is on. */
  #buffer: ArrayBuffer | undefined;
  /** A real WebAssembly.Memory: growth detaches its old buffer by itself. */
  readonly #detachesOnGrowth: boolean;

  constructor(readonly memory: TableMemory) {
    this.#detachesOnGrowth = typeof WebAssembly === "object" && memory instanceof WebAssembly.Memory;
    this.refresh();
  }

  /** Re-creates the view if the memory grew since the last call (after every mutating call; not on the hot path). */
  refresh(): void {
    if (this.#detachesOnGrowth) {
      // A grown Wasm memory's old views read length 0; testing that is
      // cheaper than fetching `memory.buffer` (a getter into the engine).
      if (this.u32.length !== 0) return;
    } else if (this.memory.buffer === this.#buffer) {
      return;
    }
    const old = this.#buffer;
    this.#buffer = this.memory.buffer;
    this.u32 = new Uint32Array(this.#buffer);
    this.i32 = new Int32Array(this.#buffer);
    if (old !== undefined && old.byteLength !== 0) detach(old);
  }

  /** Bytes of linear memory (diagnostics, memory bounds in tests). */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }
}

/**
 * Detaches `buffer` (its views then read length 0) by transferring it to a
 * clone nobody keeps. structuredClone is in every supported host (Node 17+,
 * Bun, Deno, browsers since 2022); ArrayBuffer#transfer (ES2024) backs it up.
 */
function detach(buffer: ArrayBuffer): void {
  if (typeof structuredClone === "function") {
    structuredClone(buffer, { transfer: [buffer] });
  } else {
    (buffer as ArrayBuffer & { transfer(): ArrayBuffer }).transfer();
  }
}
